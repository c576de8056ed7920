package dev.drover.tests.tray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.desktop.LaunchProblem;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.tests.support.RealParts;
import dev.drover.vm.instance.VmLock;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Drover that holds the one-instance lock and its socket but never answers (hung): a launch from
 * the desktop has no console, so the packaged launcher tells the user in a window, waits for them
 * to close it, and ends without starting a second Drover.
 */
class HungDroverLaunchIT {

  @TempDir Path configHome;
  private Process launch;

  @BeforeAll
  static void requireTheParts() {
    RealParts.display();
    PackagedApp.requireOnPath("xdotool", "./run-tests.sh installs it");
    PackagedApp.require();
  }

  @AfterEach
  void stopTheLaunch() throws InterruptedException {
    if (launch != null && launch.isAlive()) launch.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
  }

  @Test
  void aLaunchThatFindsDroverHungSaysSoInAWindowAndStartsNoSecondDrover() throws Exception {
    var folder =
        new ConfigFolders(Map.of("DROVER_CONFIG_HOME", configHome.toString()), configHome, "Linux")
            .runtimeFolder();
    Files.createDirectories(
        folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try (var hung = VmLock.tryAcquire(folder.resolve("app.lock")).orElseThrow();
        var socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      // Bound and listening: the system takes the launch's connection, and nobody ever reads or
      // answers it.
      socket.bind(UnixDomainSocketAddress.of(folder.resolve("app.sock")));

      var output = configHome.resolve("launch.txt");
      launch = PackagedApp.launcher(configHome).redirectOutput(output.toFile()).start();

      var window = new String[1];
      await("the launch's window saying why Drover could not start")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(launch.isAlive())
                    .as("the launch waits for the user; its output:\n" + PackagedApp.read(output))
                    .isTrue();
                window[0] =
                    TrayDockerIT.run(
                            "xdotool",
                            "search",
                            "--onlyvisible",
                            "--name",
                            "^" + LaunchProblem.TITLE + "$")
                        .strip();
                assertThat(window[0]).isNotEmpty();
              });
      assertThat(launch.isAlive()).as("the launch stays until the user has read it").isTrue();

      // The user presses OK (the dialog's default button).
      TrayDockerIT.run(
          "xdotool", "windowfocus", "--sync", window[0].lines().findFirst().orElseThrow());
      TrayDockerIT.run("xdotool", "key", "Return");

      assertThat(launch.waitFor(30, TimeUnit.SECONDS))
          .as("the launch ends once the window is closed")
          .isTrue();
      assertThat(launch.exitValue()).isEqualTo(1);
      assertThat(PackagedApp.read(output))
          .contains(
              "Drover could not start: Drover is already running (pid "
                  + ProcessHandle.current().pid()
                  + ")")
          .contains("If that Drover hangs, end it and start Drover again.");
      assertThat(configHome.resolve("logs/drover.log"))
          .as("no second Drover started")
          .doesNotExist();
    }
  }
}
