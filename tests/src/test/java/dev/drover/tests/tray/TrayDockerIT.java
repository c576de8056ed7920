package dev.drover.tests.tray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.tests.support.RealParts;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tray on a desktop that has one: trayer (a small XEmbed system tray) runs on the test display,
 * Drover is started as a user starts it (the packaged layout, its own process) against the test
 * engine, its icon turns green once the engine answers, the icon's menu opens on a right click, and
 * its last item, Quit Drover, ends the app (no container runs, so it does not ask).
 */
class TrayDockerIT {

  @TempDir Path configHome;
  private Process tray;
  private Process app;

  @BeforeAll
  static void requireTheParts() {
    RealParts.display();
    RealParts.require("DROVER_TEST_DOCKER_HOST", "no Docker engine for Drover to connect to");
    for (var program : List.of("trayer", "xdotool", "xwininfo")) {
      PackagedApp.requireOnPath(program, "./run-tests.sh installs trayer, xdotool and x11-utils");
    }
    PackagedApp.require();
  }

  @AfterEach
  void stopWhatWasStarted() throws InterruptedException {
    for (var process : Stream.of(app, tray).filter(p -> p != null && p.isAlive()).toList()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void theTrayIconTurnsGreenWithTheEngineAndItsMenuQuitsDrover() throws Exception {
    tray =
        new ProcessBuilder(
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "pixel",
                "--width",
                "120",
                "--heighttype",
                "pixel",
                "--height",
                "32",
                "--transparent",
                "false",
                "--tint",
                "0x333333")
            .redirectErrorStream(true)
            .redirectOutput(configHome.resolve("trayer.txt").toFile())
            .start();
    await("trayer's panel")
        .atMost(Duration.ofSeconds(30))
        .until(() -> xwininfo().contains("(\"panel\" \"trayer\")"));

    var launch =
        PackagedApp.launcher(configHome).redirectOutput(configHome.resolve("stdout.txt").toFile());
    launch.environment().put("DOCKER_HOST", System.getenv("DROVER_TEST_DOCKER_HOST"));
    app = launch.start();
    var log = configHome.resolve("logs/drover.log");
    await("Drover's icon in the tray and the engine running")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(app.isAlive())
                  .as(
                      "Drover runs; its output:\n"
                          + PackagedApp.read(configHome.resolve("stdout.txt")))
                  .isTrue();
              assertThat(PackagedApp.read(log))
                  .contains("Drover's icon is in the system tray.", "Engine state running");
            });

    var icon = trayIconOnScreen();
    await("the icon shows the running badge (green)")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> hasGreen(new Robot().createScreenCapture(icon)));

    var x = icon.x + icon.width / 2;
    var y = icon.y + icon.height / 2;
    run("xdotool", "mousemove", String.valueOf(x), String.valueOf(y), "click", "3");
    await("the tray menu opens").atMost(Duration.ofSeconds(30)).until(TrayDockerIT::menuIsOpen);
    // Up from the top wraps to the last item: Quit Drover.
    run("xdotool", "key", "Up");
    run("xdotool", "key", "Return");

    assertThat(app.waitFor(60, TimeUnit.SECONDS))
        .as("Quit Drover in the tray menu ends the app")
        .isTrue();
    assertThat(app.exitValue()).isZero();
  }

  static Rectangle trayIconOnScreen() {
    return await("the icon's window in the tray")
        .atMost(Duration.ofSeconds(30))
        .until(TrayDockerIT::trayIcon, Optional::isPresent)
        .orElseThrow();
  }

  /**
   * The tray icon's place on the display: AWT embeds it in trayer's panel as a JavaEmbeddedFrame.
   */
  private static Optional<Rectangle> trayIcon() throws IOException, InterruptedException {
    var matcher =
        Pattern.compile(
                "\"JavaEmbeddedFrame\": \\(.*\\)\\s+(\\d+)x(\\d+)\\+-?\\d+\\+-?\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)")
            .matcher(xwininfo());
    return matcher.find()
        ? Optional.of(
            new Rectangle(
                Integer.parseInt(matcher.group(3)),
                Integer.parseInt(matcher.group(4)),
                Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2))))
        : Optional.empty();
  }

  /**
   * An AWT popup menu is a top-level window of Drover's at least 150 x 100 that is not the main
   * window.
   */
  static boolean menuIsOpen() throws IOException, InterruptedException {
    var matcher =
        Pattern.compile(
                "\"[^\"]*\": \\(\"java-lang-Thread\" \"java-lang-Thread\"\\)\\s+(\\d+)x(\\d+)")
            .matcher(xwininfo());
    while (matcher.find()) {
      if (Integer.parseInt(matcher.group(1)) >= 150 && Integer.parseInt(matcher.group(2)) >= 100)
        return true;
    }
    return false;
  }

  private static boolean hasGreen(BufferedImage image) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        var c = new Color(image.getRGB(x, y));
        if (c.getGreen() > c.getRed() + 50 && c.getGreen() > c.getBlue() + 30) return true;
      }
    }
    return false;
  }

  private static String xwininfo() throws IOException, InterruptedException {
    return run("xwininfo", "-root", "-tree");
  }

  static String run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
    return output;
  }
}
