package dev.drover.tests.tray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.tests.support.RealParts;
import dev.drover.vm.VmState;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.qemu.QemuDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quit in the tray while Drover runs its VM (the packaged app, its own process, a real QEMU boot):
 * the tray's engine is the VM's, so Quit powers the VM down cleanly (its status ends Stopped, not
 * Error, and no QEMU is left) and the app then exits with 0. The VM is started through the drover
 * command's channel, which the app serves as the VM's owner.
 */
class TrayQuitStopsVmIT {

  private static final Duration BOOT = Duration.ofMinutes(6);

  @TempDir Path configHome;
  @TempDir Path dockerConfig;
  private Process tray;
  private Process app;

  @BeforeAll
  static void requireTheParts() {
    RealParts.display();
    RealParts.require("DROVER_TEST_DOCKER_HOST", "no Docker engine for Drover to fall back to");
    for (var program : List.of("trayer", "xdotool", "xwininfo")) {
      PackagedApp.requireOnPath(program, "./run-tests.sh installs trayer, xdotool and x11-utils");
    }
    PackagedApp.require();
    if (QemuDriver.findQemu(System.getenv(), GuestArch.ofHost(System.getProperty("os.arch")))
        .isEmpty()) RealParts.missing("QEMU (qemu-system-x86_64, qemu-img) is not installed");
    var guest =
        RealParts.require(
            "DROVER_GUEST_IMAGE", "no guest image; build it with vm-bridge/guest/build-guest.sh");
    GuestImage.in(Path.of(guest)).missing().ifPresent(RealParts::missing);
  }

  @AfterEach
  void stopWhatWasStarted() throws InterruptedException {
    for (var process : Stream.of(app, tray).filter(p -> p != null && p.isAlive()).toList()) {
      process.destroy();
      if (!process.waitFor(40, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
    qemuOfThisTest().forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void quitInTheTrayPowersTheVmDownThenExits() throws Exception {
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
        .until(
            () ->
                TrayDockerIT.run("xwininfo", "-root", "-tree").contains("(\"panel\" \"trayer\")"));

    var launch =
        PackagedApp.launcher(configHome).redirectOutput(configHome.resolve("stdout.txt").toFile());
    launch.environment().put("DOCKER_HOST", System.getenv("DROVER_TEST_DOCKER_HOST"));
    launch
        .environment()
        .put("DOCKER_CONFIG", dockerConfig.toString()); // the VM's docker context goes here
    app = launch.start();
    var log = configHome.resolve("logs/drover.log");
    await("Drover's icon in the tray")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(app.isAlive())
                  .as(
                      "Drover runs; its output:\n"
                          + PackagedApp.read(configHome.resolve("stdout.txt")))
                  .isTrue();
              assertThat(PackagedApp.read(log)).contains("Drover's icon is in the system tray.");
            });

    var instance =
        VmInstance.forUser(
            Map.of("DROVER_CONFIG_HOME", configHome.toString()), configHome, "Linux", "drover");
    var control = new VmControl(instance);
    await("the app owns the VM")
        .atMost(Duration.ofMinutes(1))
        .until(() -> control.ownerPid().orElse(0) == app.pid());
    assertThat(control.request("start", Duration.ZERO).ok()).isTrue();
    await("the VM runs")
        .atMost(BOOT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> control.status().state(), VmState.RUNNING::equals);
    await("the app talks to the VM's engine")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> PackagedApp.read(log).contains("connected to Drover's VM"));
    assertThat(qemuOfThisTest()).as("QEMU runs for this app").isNotEmpty();

    var icon = TrayDockerIT.trayIconOnScreen();
    TrayDockerIT.run(
        "xdotool",
        "mousemove",
        String.valueOf(icon.x + icon.width / 2),
        String.valueOf(icon.y + icon.height / 2),
        "click",
        "3");
    await("the tray menu opens").atMost(Duration.ofSeconds(30)).until(TrayDockerIT::menuIsOpen);
    TrayDockerIT.run("xdotool", "key", "Up"); // wraps to the last item: Quit Drover
    TrayDockerIT.run("xdotool", "key", "Return");

    assertThat(app.waitFor(2, TimeUnit.MINUTES))
        .as("Quit ends the app after the VM's power-down")
        .isTrue();
    assertThat(app.exitValue()).isZero();
    assertThat(control.status().state()).as("a clean stop, not a crash").isEqualTo(VmState.STOPPED);
    assertThat(qemuOfThisTest()).as("no QEMU left behind").isEmpty();
    assertThat(PackagedApp.read(log)).doesNotContain("did not stop cleanly");
  }

  /**
   * QEMU processes whose command line names this test's config folder (where the VM's disk lives).
   */
  private List<ProcessHandle> qemuOfThisTest() {
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("qemu-system") && c.contains(configHome.toString()))
                    .orElse(false))
        .toList();
  }
}
