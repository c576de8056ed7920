package dev.drover.vm.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmState;
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
    var runningContainerd = new VmStatus.Running(running.engine(), VmConfig.Engine.CONTAINERD);
    for (VmStatus status :
        List.of(
            new VmStatus.Stopped(),
            new VmStatus.Starting("booting Linux (tcg)"),
            running,
            runningContainerd,
            new VmStatus.Degraded("the engine stopped answering"),
            new VmStatus.Stopping(),
            new VmStatus.Error("QEMU was killed", List.of("line 1", "line 2")))) {
      file.write(VmStatusSnapshot.of("drover", status, DriverKind.QEMU, 42, Instant.now()));

      var read = file.read().orElseThrow();

      assertThat(read.toStatus()).isEqualTo(status);
      assertThat(read.ownerPid()).isEqualTo(42);
      assertThat(read.driver()).isEqualTo(DriverKind.QEMU);
    }
  }

  @Test
  void aReaderNeverSeesHalfAStatus() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    var longReason = "x".repeat(20_000);
    file.write(
        VmStatusSnapshot.of("drover", new VmStatus.Stopped(), DriverKind.QEMU, 1, Instant.now()));
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
              DriverKind.QEMU,
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
                VmStatusSnapshot.of("drover", error, DriverKind.QEMU, 42, launched.plusMillis(3)),
                launched))
        .isTrue();
    assertThat(
            VmControl.writtenSince(
                VmStatusSnapshot.of("drover", error, DriverKind.QEMU, 42, launched.minusMillis(40)),
                launched))
        .as("the wall clock stepped back 40 ms between the launch and the owner's status")
        .isTrue();
    assertThat(
            VmControl.writtenSince(
                VmStatusSnapshot.of(
                    "drover", error, DriverKind.QEMU, 42, launched.minusSeconds(30)),
                launched))
        .as("an earlier owner's status")
        .isFalse();
  }

  @Test
  void withoutItsOwnerARunningVmReadsAsAnErrorAndAStoppingOneAsStopped() {
    var running =
        VmStatusSnapshot.of(
            "drover", new VmStatus.Starting("booting"), DriverKind.QEMU, 77, Instant.now());
    var stopping =
        VmStatusSnapshot.of("drover", new VmStatus.Stopping(), DriverKind.QEMU, 77, Instant.now());

    assertThat(running.ownerGone(Instant.now()).toStatus())
        .isInstanceOfSatisfying(
            VmStatus.Error.class,
            e -> assertThat(e.reason()).contains("pid 77").contains("start the VM again"));
    assertThat(stopping.ownerGone(Instant.now()).toStatus()).isEqualTo(new VmStatus.Stopped());
  }

  /** Status files as Drover wrote them while states and drivers were plain strings. */
  private static final String EARLIER_RUNNING =
      """
      {
        "vm" : "drover",
        "state" : "RUNNING",
        "detail" : "",
        "engineHost" : "tcp://127.0.0.1:40123",
        "tlsFolder" : "/home/me/.local/state/drover/tls",
        "consoleTail" : [ ],
        "driver" : "qemu",
        "ownerPid" : 4242,
        "updated" : "2026-12-07T23:50:01.123456Z",
        "engine" : "containerd",
        "portsNotForwarded" : [ "8080 (web): taken" ]
      }""";

  private static final String EARLIER_ERROR =
      """
      {
        "vm" : "drover",
        "state" : "ERROR",
        "detail" : "QEMU was killed",
        "engineHost" : null,
        "tlsFolder" : null,
        "consoleTail" : [ "line 1", "line 2" ],
        "driver" : "hyperkit",
        "ownerPid" : 77,
        "updated" : "2026-12-07T23:50:01.123456Z",
        "engine" : null,
        "portsNotForwarded" : [ ]
      }""";

  private static final String EARLIER_STARTING =
      """
      {
        "vm" : "drover",
        "state" : "STARTING",
        "detail" : "booting Linux (tcg)",
        "engineHost" : null,
        "tlsFolder" : null,
        "consoleTail" : [ ],
        "driver" : "wsl2",
        "ownerPid" : 5,
        "updated" : "2026-12-07T23:50:01.123456Z",
        "engine" : null,
        "portsNotForwarded" : [ ]
      }""";

  /** What {@link VmControl} answers before any VM has run: no driver known. */
  private static final String EARLIER_NEVER_RAN =
      """
      {
        "vm" : "drover",
        "state" : "STOPPED",
        "detail" : "",
        "engineHost" : null,
        "tlsFolder" : null,
        "consoleTail" : [ ],
        "driver" : "",
        "ownerPid" : 0,
        "updated" : "2026-12-07T23:50:01.123456Z",
        "engine" : null,
        "portsNotForwarded" : [ ]
      }""";

  @Test
  void statusTextIsByteForByteWhatEarlierDroverWrote() throws Exception {
    for (var earlier :
        List.of(EARLIER_RUNNING, EARLIER_ERROR, EARLIER_STARTING, EARLIER_NEVER_RAN)) {
      var old = dir.resolve("old.json");
      Files.writeString(old, earlier);
      var snapshot = new VmStatusFile(old).read().orElseThrow();

      var rewritten = new VmStatusFile(dir.resolve("new.json"));
      rewritten.write(snapshot);

      assertThat(Files.readString(rewritten.file())).isEqualTo(earlier);
      // the control socket's one-line form
      assertThat(VmStatusFile.JSON.writeValueAsString(snapshot))
          .isEqualTo(VmStatusFile.JSON.writeValueAsString(VmStatusFile.JSON.readTree(earlier)));
    }
  }

  @Test
  void newStatusesAreWrittenInTheEarlierWords() throws Exception {
    var running =
        new VmStatus.Running(
            new EngineEndpoint(
                "drover",
                URI.create("tcp://127.0.0.1:40123"),
                Optional.of(Path.of("/home/me/.local/state/drover/tls")),
                true,
                EngineEndpoint.Source.EXPLICIT),
            VmConfig.Engine.CONTAINERD);
    var at = Instant.parse("2026-12-07T23:50:01.123456Z");
    var file = new VmStatusFile(dir.resolve("status.json"));

    file.write(
        VmStatusSnapshot.of("drover", running, DriverKind.QEMU, 4242, at)
            .withPortsNotForwarded(List.of("8080 (web): taken")));
    assertThat(Files.readString(file.file())).isEqualTo(EARLIER_RUNNING);

    file.write(
        VmStatusSnapshot.of(
            "drover",
            new VmStatus.Error("QEMU was killed", List.of("line 1", "line 2")),
            DriverKind.HYPERKIT,
            77,
            at));
    assertThat(Files.readString(file.file())).isEqualTo(EARLIER_ERROR);
  }

  @Test
  void aStatusFileFromAnEarlierDroverReadsAsTheStatusItDescribes() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    Files.writeString(file.file(), EARLIER_RUNNING);

    var read = file.read().orElseThrow();

    assertThat(read.state()).isEqualTo(VmState.RUNNING);
    assertThat(read.driver()).isEqualTo(DriverKind.QEMU);
    assertThat(read.engine()).isEqualTo(VmConfig.Engine.CONTAINERD);
    assertThat(read.portsNotForwarded()).containsExactly("8080 (web): taken");
    assertThat(read.toStatus())
        .isInstanceOfSatisfying(
            VmStatus.Running.class,
            r -> {
              assertThat(r.kind()).isEqualTo(VmConfig.Engine.CONTAINERD);
              assertThat(r.engine().host()).isEqualTo(URI.create("tcp://127.0.0.1:40123"));
            });
    Files.writeString(file.file(), EARLIER_NEVER_RAN);
    assertThat(file.read().orElseThrow().driver()).isNull();
  }

  @Test
  void aStateThisDroverDoesNotKnowReadsAsAnErrorNamingIt() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    Files.writeString(file.file(), EARLIER_STARTING.replace("\"STARTING\"", "\"HIBERNATING\""));

    var read = file.read().orElseThrow();

    assertThat(read.state()).isEqualTo(VmState.ERROR);
    assertThat(read.detail()).contains("unknown state HIBERNATING").contains("newer Drover");
    assertThat(read.driver()).isEqualTo(DriverKind.WSL2);
  }

  @Test
  void aDriverThisDroverDoesNotKnowReadsAsAnErrorNamingIt() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    Files.writeString(file.file(), EARLIER_RUNNING.replace("\"qemu\"", "\"vz\""));

    var read = file.read().orElseThrow();

    assertThat(read.state()).isEqualTo(VmState.ERROR);
    assertThat(read.detail()).contains("unknown driver vz").contains("newer Drover");
    assertThat(read.driver()).isNull();
    assertThat(read.toStatus()).isInstanceOf(VmStatus.Error.class);
  }

  @Test
  void anEngineThisDroverDoesNotKnowReadsAsAnErrorNamingIt() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    Files.writeString(file.file(), EARLIER_RUNNING.replace("\"containerd\"", "\"crio\""));

    var read = file.read().orElseThrow();

    assertThat(read.state()).isEqualTo(VmState.ERROR);
    assertThat(read.detail()).contains("unknown engine crio");
  }

  @Test
  void aMissingOrDamagedFileIsNoStatus() throws Exception {
    var file = new VmStatusFile(dir.resolve("status.json"));
    assertThat(file.read()).isEmpty();
    Files.writeString(file.file(), "{\"state\": ");
    assertThat(file.read()).isEmpty();
  }
}
