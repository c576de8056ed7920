package dev.drover.tests.tray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import dev.drover.app.Drover;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Closing the window on a desktop with a tray (trayer on the test display): by default Drover hides
 * into the tray and comes back from the tray's Open Drover; with the setting off, closing quits.
 */
@ExtendWith(ApplicationExtension.class)
class CloseToTrayDockerIT {

  private static Process tray;

  @TempDir Path configHome;
  private Drover drover;
  private Stage stage;
  private final AtomicInteger exits = new AtomicInteger();

  @BeforeAll
  static void startTray() throws Exception {
    RealParts.display();
    RealParts.require("DROVER_TEST_DOCKER_HOST", "no Docker engine for Drover to connect to");
    for (var program : List.of("trayer", "xdotool", "xwininfo")) {
      var path = System.getenv("PATH");
      if (path == null
          || Stream.of(path.split(File.pathSeparator))
              .noneMatch(dir -> Files.isExecutable(Path.of(dir, program)))) {
        var what =
            program + " is not installed (./run-tests.sh installs trayer, xdotool and x11-utils)";
        if (RealParts.inCi()) fail(what);
        throw new TestAbortedException(what);
      }
    }
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
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    await("trayer's panel")
        .atMost(Duration.ofSeconds(30))
        .until(() -> xwininfo().contains("(\"panel\" \"trayer\")"));
  }

  @AfterAll
  static void stopTray() throws InterruptedException {
    if (tray != null && tray.isAlive()) {
      tray.destroy();
      if (!tray.waitFor(20, TimeUnit.SECONDS)) tray.destroyForcibly();
    }
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  /**
   * Opens Drover as the app does (with a tray and an exit), its settings saying whether closing
   * keeps it.
   */
  private void open(boolean closeToTray) throws IOException {
    Files.writeString(
        configHome.resolve("settings.json"), "{ \"closeToTray\" : " + closeToTray + " }");
    drover = Fx.droverFor(System.getenv("DROVER_TEST_DOCKER_HOST"), configHome);
    Fx.onFx(() -> drover.show(stage, () -> {}, exits::incrementAndGet));
  }

  @AfterEach
  void closeApp() {
    if (drover == null) return;
    drover.close();
    await("the icon leaves the tray")
        .atMost(Fx.PATIENCE)
        .until(() -> !xwininfo().contains("JavaEmbeddedFrame"));
  }

  @Test
  void closingTheWindowKeepsDroverInTheTrayAndOpenDroverBringsItBack() throws Exception {
    open(true);
    await("Drover's icon in the tray")
        .atMost(Duration.ofMinutes(1))
        .until(() -> xwininfo().contains("JavaEmbeddedFrame"));

    requestClose();

    await("the window hides").atMost(Fx.PATIENCE).until(() -> !Fx.onFx(stage::isShowing));
    assertThat(exits).as("Drover keeps running").hasValue(0);

    var icon = TrayDockerIT.trayIconOnScreen();
    TrayDockerIT.run(
        "xdotool",
        "mousemove",
        String.valueOf(icon.x + icon.width / 2),
        String.valueOf(icon.y + icon.height / 2),
        "click",
        "3");
    await("the tray menu opens").atMost(Fx.PATIENCE).until(TrayDockerIT::menuIsOpen);
    // Down from nothing selects the first item: Open Drover.
    TrayDockerIT.run("xdotool", "key", "Down");
    TrayDockerIT.run("xdotool", "key", "Return");

    await("Open Drover shows the window again")
        .atMost(Fx.PATIENCE)
        .until(() -> Fx.onFx(stage::isShowing));
    assertThat(exits).hasValue(0);
  }

  @Test
  void withTheSettingOffClosingTheWindowQuits(FxRobot robot) throws Exception {
    open(false);
    await("Drover's icon in the tray")
        .atMost(Duration.ofMinutes(1))
        .until(() -> xwininfo().contains("JavaEmbeddedFrame"));

    requestClose();

    // Containers other tests left running make Drover ask first; the answer is yes.
    await("Drover quits")
        .atMost(Fx.PATIENCE)
        .until(
            () -> {
              robot.lookup("#confirm-quit").tryQuery().ifPresent(robot::clickOn);
              return exits.get() == 1;
            });
  }

  /** What the window manager sends when the user clicks the window's close button. */
  private void requestClose() {
    Platform.runLater(
        () -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
  }

  private static String xwininfo() throws IOException, InterruptedException {
    return TrayDockerIT.run("xwininfo", "-root", "-tree");
  }
}
