package dev.drover.tests.tray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.tests.support.RealParts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Drover per user: Drover is started as a user starts it (the packaged layout, its own process)
 * against the test engine, then launched again with the same user folders. The second launch hands
 * over to the running Drover and ends at once, saying so; the running Drover carries on with its
 * one window.
 */
class SecondLaunchIT {

  @TempDir Path configHome;
  private Process first;
  private Process second;

  @BeforeAll
  static void requireTheParts() {
    RealParts.display();
    RealParts.require("DROVER_TEST_DOCKER_HOST", "no Docker engine for Drover to connect to");
    PackagedApp.requireOnPath("xdotool", "./run-tests.sh installs it");
    PackagedApp.require();
  }

  @AfterEach
  void stopDrover() throws InterruptedException {
    for (var process : Stream.of(second, first).filter(p -> p != null && p.isAlive()).toList()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void launchingDroverWhileItRunsBringsTheRunningOneForwardAndEnds() throws Exception {
    var othersWindows = droverWindows();
    first = launch().redirectOutput(configHome.resolve("first.txt").toFile()).start();
    var log = configHome.resolve("logs/drover.log");
    await("Drover running and connected to the engine")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(first.isAlive())
                  .as(
                      "Drover runs; its output:\n"
                          + PackagedApp.read(configHome.resolve("first.txt")))
                  .isTrue();
              assertThat(PackagedApp.read(log)).contains("Engine state running");
            });
    var firstWindows = droverWindows();
    firstWindows.removeAll(othersWindows);
    assertThat(firstWindows).as("Drover's windows before the second launch").hasSize(1);

    var startedAt = System.nanoTime();
    second = launch().redirectOutput(configHome.resolve("second.txt").toFile()).start();
    assertThat(second.waitFor(60, TimeUnit.SECONDS))
        .as("the second launch ends by itself")
        .isTrue();
    var tookMs = (System.nanoTime() - startedAt) / 1_000_000;

    assertThat(second.exitValue())
        .as("its output:\n" + PackagedApp.read(configHome.resolve("second.txt")))
        .isZero();
    assertThat(PackagedApp.read(configHome.resolve("second.txt")))
        .contains(
            "Drover is already running (pid " + first.pid() + "): its window is in front now.")
        .doesNotContain("Exception");
    assertThat(tookMs)
        .as("a hand-over loads no toolkit; a second Drover would still be starting")
        .isLessThan(20_000);
    assertThat(first.isAlive()).as("the running Drover carries on").isTrue();
    assertThat(droverWindows())
        .as("still the one Drover window")
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(othersWindows.stream(), firstWindows.stream()).toList());
    assertThat(PackagedApp.read(log)).doesNotContain("ERROR");
  }

  private ProcessBuilder launch() {
    var builder = PackagedApp.launcher(configHome);
    builder.environment().put("DOCKER_HOST", System.getenv("DROVER_TEST_DOCKER_HOST"));
    return builder;
  }

  /**
   * The visible top-level windows titled Drover on the display (a Drover's main window; the tray's
   * menu has none).
   */
  private static List<String> droverWindows() throws IOException, InterruptedException {
    var output = TrayDockerIT.run("xdotool", "search", "--onlyvisible", "--name", "^Drover$");
    return new ArrayList<>(output.lines().filter(line -> !line.isBlank()).toList());
  }
}
