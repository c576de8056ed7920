package dev.drover.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SingleInstanceTest {

  private static final Duration PATIENCE = Duration.ofSeconds(5);

  @TempDir Path home;

  @Test
  void aSecondLaunchHandsOverToTheRunningDroverWhichShowsItsWindow() throws Exception {
    var folder = home.resolve("run");
    var owner = owner(SingleInstance.claim(folder, PATIENCE));
    try (owner) {
      var opened = new AtomicInteger();
      owner.listen(opened::incrementAndGet);

      var second = SingleInstance.claim(folder, PATIENCE);

      assertThat(second).isEqualTo(new SingleInstance.HandedOver(ProcessHandle.current().pid()));
      assertThat(opened).hasValue(1);
      assertThat(SingleInstance.claim(folder, PATIENCE))
          .isInstanceOf(SingleInstance.HandedOver.class);
      assertThat(opened).hasValue(2);
    }
  }

  @Test
  void theLockAndSocketLiveInAFolderOnlyTheUserCanEnter() throws Exception {
    var folder = home.resolve("run");
    try (var owner = owner(SingleInstance.claim(folder, PATIENCE))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
          .isEqualTo("rwx------");
      assertThat(folder.resolve(SingleInstance.SOCKET_FILE)).exists();
      assertThat(Files.readString(folder.resolve(SingleInstance.LOCK_FILE)).strip())
          .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
    }
  }

  @Test
  void aRunningDroverThatDoesNotAnswerIsReportedAndNotReplaced() throws Exception {
    var folder = home.resolve("run");
    try (var silent = owner(SingleInstance.claim(folder, PATIENCE))) {
      assertThatThrownBy(() -> SingleInstance.claim(folder, Duration.ofMillis(400)))
          .isInstanceOf(SingleInstance.NotAnswering.class)
          .hasMessageContaining(
              "Drover is already running (pid " + ProcessHandle.current().pid() + ")")
          .hasMessageContaining("did not answer within 400 ms")
          .hasMessageContaining("end it and start Drover again");
      assertThat(folder.resolve(SingleInstance.SOCKET_FILE))
          .as("the running Drover keeps its socket")
          .exists();
    }
  }

  @Test
  void aLaunchWhileDroverQuitsWaitsForItToEndAndBecomesDrover() throws Exception {
    var folder = home.resolve("run");
    var quittingOne = owner(SingleInstance.claim(folder, PATIENCE));
    var opened = new AtomicInteger();
    quittingOne.listen(opened::incrementAndGet);
    quittingOne.quitting();

    var next =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return SingleInstance.claim(folder, PATIENCE);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    Thread.sleep(500);
    assertThat(next).as("the launch waits while the last Drover quits").isNotDone();
    assertThat(opened).as("a quitting Drover does not bring its window back").hasValue(0);

    quittingOne.close();
    try (var becomes = owner(next.get(10, TimeUnit.SECONDS))) {
      assertThat(folder.resolve(SingleInstance.SOCKET_FILE)).exists();
    }
  }

  @Test
  void aDroverWhoseWindowDoesNotComeUpIsReportedBusy() throws Exception {
    var folder = home.resolve("run");
    try (var stuck = owner(SingleInstance.claim(folder, PATIENCE))) {
      stuck.listen(
          () -> {
            throw new IllegalStateException("the window did not come up within 3000 ms");
          });
      assertThatThrownBy(() -> SingleInstance.claim(folder, PATIENCE))
          .isInstanceOf(SingleInstance.NotAnswering.class)
          .hasMessageContaining(
              "Drover is already running (pid "
                  + ProcessHandle.current().pid()
                  + ") but its window did not come up")
          .hasMessageContaining("end it and start Drover again");
    }
  }

  @Test
  void closingLetsTheNextLaunchBecomeDrover() throws Exception {
    var folder = home.resolve("run");
    owner(SingleInstance.claim(folder, PATIENCE)).close();
    assertThat(folder.resolve(SingleInstance.SOCKET_FILE)).doesNotExist();

    try (var next = owner(SingleInstance.claim(folder, PATIENCE))) {
      var opened = new AtomicInteger();
      next.listen(opened::incrementAndGet);
      assertThat(SingleInstance.claim(folder, PATIENCE))
          .isInstanceOf(SingleInstance.HandedOver.class);
      assertThat(opened).hasValue(1);
    }
  }

  @Test
  void aPeerSayingSomethingElseIsIgnoredAndTheNextLaunchIsStillServed() throws Exception {
    var folder = home.resolve("run");
    try (var owner = owner(SingleInstance.claim(folder, PATIENCE))) {
      var opened = new AtomicInteger();
      owner.listen(opened::incrementAndGet);
      try (var stranger = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        stranger.connect(UnixDomainSocketAddress.of(folder.resolve(SingleInstance.SOCKET_FILE)));
        stranger.write(StandardCharsets.UTF_8.encode("rm -rf /\n"));
        var answer = ByteBuffer.allocate(64);
        assertThat(stranger.read(answer)).as("closed without an answer").isEqualTo(-1);
      }
      assertThat(SingleInstance.claim(folder, PATIENCE))
          .isInstanceOf(SingleInstance.HandedOver.class);
      assertThat(opened).hasValue(1);
    }
  }

  @Test
  void aLaunchInAnotherProcessHandsOverAndADeadOwnersSocketIsReplaced() throws Exception {
    var folder = home.resolve("run");
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var probe =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SingleInstanceProbe.class.getName(),
                folder.toString())
            .redirectErrorStream(true)
            .start();
    try {
      var out =
          new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("LISTENING");

      assertThat(SingleInstance.claim(folder, PATIENCE))
          .isEqualTo(new SingleInstance.HandedOver(probe.pid()));
      assertThat(out.readLine())
          .as("the other process was asked to show its window")
          .isEqualTo("OPEN");

      // Killed outright: its lock goes with it, its socket file stays behind.
      probe.destroyForcibly();
      assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(folder.resolve(SingleInstance.SOCKET_FILE)).exists();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                var claim = SingleInstance.claim(folder, Duration.ofMillis(200));
                if (claim instanceof SingleInstance.Owner(var instance)) {
                  instance.close();
                  return true;
                }
                return false;
              });
    } finally {
      probe.destroyForcibly();
    }
  }

  private static SingleInstance owner(SingleInstance.Claim claim) {
    assertThat(claim).isInstanceOf(SingleInstance.Owner.class);
    return ((SingleInstance.Owner) claim).instance();
  }
}
