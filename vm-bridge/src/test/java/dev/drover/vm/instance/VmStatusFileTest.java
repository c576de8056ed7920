package dev.drover.vm.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.VmStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmStatusFileTest {

  @TempDir Path dir;

  @Test
  void everyStatusSurvivesTheFileWithItsDetails() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    var running =
        new VmStatus.Running(
            new EngineEndpoint(
                "drover",
                URI.create("tcp://127.0.0.1:40123"),
                Optional.of(dir.resolve("tls/client")),
                true,
                EngineEndpoint.Source.EXPLICIT));
    var runningContainerd =
        new VmStatus.Running(running.engine(), dev.drover.vm.VmConfig.Engine.CONTAINERD);
    for (VmStatus status :
        List.of(
            new VmStatus.Stopped(),
            new VmStatus.Starting("booting Linux (tcg)"),
            running,
            runningContainerd,
            new VmStatus.Degraded("the engine stopped answering"),
            new VmStatus.Stopping(),
            new VmStatus.Error("QEMU was killed", List.of("line 1", "line 2")))) {
      file.write(VmStatusSnapshot.of("drover", status, "qemu", 42, Instant.now()));

      var read = file.read().orElseThrow();

      assertThat(read.toStatus()).isEqualTo(status);
      assertThat(read.ownerPid()).isEqualTo(42);
      assertThat(read.driver()).isEqualTo("qemu");
    }
  }

  @Test
  void aReaderNeverSeesHalfAStatus() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    var longReason = "x".repeat(20_000);
    file.write(VmStatusSnapshot.of("drover", new VmStatus.Stopped(), "qemu", 1, Instant.now()));
    var done = new AtomicBoolean();
    var reads = new AtomicInteger();
    var misses = new AtomicInteger();
    var reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    if (file.read().isEmpty()) misses.incrementAndGet();
                    reads.incrementAndGet();
                  }
                });
    for (int i = 0; i < 300; i++) {
      file.write(
          VmStatusSnapshot.of(
              "drover",
              i % 2 == 0 ? new VmStatus.Error(longReason, List.of()) : new VmStatus.Stopped(),
              "qemu",
              i,
              Instant.now()));
    }
    done.set(true);
    reader.join();

    assertThat(reads.get()).isPositive();
    assertThat(misses.get()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly("status.json");
    }
  }

  @Test
  void aStatusCountsAsThisLaunchsDespiteAClockSteppedBackALittleButAnEarlierOwnersDoesNot() {
    var launched = Instant.parse("2026-11-28T05:00:00.500Z");
    var error = new VmStatus.Error("QEMU is not installed", List.of());
    assertThat(
            VmControl.writtenSince(
                VmStatusSnapshot.of("drover", error, "qemu", 42, launched.plusMillis(3)), launched))
        .isTrue();
    assertThat(
            VmControl.writtenSince(
                VmStatusSnapshot.of("drover", error, "qemu", 42, launched.minusMillis(40)),
                launched))
        .as("the wall clock stepped back 40 ms between the launch and the owner's status")
        .isTrue();
    assertThat(
            VmControl.writtenSince(
                VmStatusSnapshot.of("drover", error, "qemu", 42, launched.minusSeconds(30)),
                launched))
        .as("an earlier owner's status")
        .isFalse();
  }

  @Test
  void withoutItsOwnerARunningVmReadsAsAnErrorAndAStoppingOneAsStopped() {
    var running =
        VmStatusSnapshot.of("drover", new VmStatus.Starting("booting"), "qemu", 77, Instant.now());
    var stopping =
        VmStatusSnapshot.of("drover", new VmStatus.Stopping(), "qemu", 77, Instant.now());

    assertThat(running.ownerGone(Instant.now()).toStatus())
        .isInstanceOfSatisfying(
            VmStatus.Error.class,
            e -> assertThat(e.reason()).contains("pid 77").contains("start the VM again"));
    assertThat(stopping.ownerGone(Instant.now()).toStatus()).isEqualTo(new VmStatus.Stopped());
  }

  @Test
  void aMissingOrDamagedFileIsNoStatus() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    assertThat(file.read()).isEmpty();
    Files.writeString(file.file(), "{\"state\": ");
    assertThat(file.read()).isEmpty();
  }
}
