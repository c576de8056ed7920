package dev.drover.vm.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmException;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import dev.drover.vm.process.ScriptedRunner.FakeProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverSkeletonTest {

  @TempDir Path stateRoot;

  private final List<VmStatus> seen = new CopyOnWriteArrayList<>();
  private final List<String> console = List.of("kernel: panic");
  private DriverSkeleton<String> skeleton;

  private DriverSkeleton<String> skeleton(boolean terminateBeforeKill) {
    skeleton =
        new DriverSkeleton<>(
            stateRoot,
            new DriverSkeleton.Shutdown(
                "the fake", terminateBeforeKill, code -> "the fake exited with " + code),
            lines -> console);
    skeleton.subscribe((VmListener) seen::add);
    return skeleton;
  }

  @AfterEach
  void closeSkeleton() {
    if (skeleton != null) skeleton.close();
  }

  @Test
  void startPublishesStartingAndHandsTheRunToTheEngineWait() throws VmException {
    var driver = skeleton(false);
    var process = new FakeProcess();
    var waited = new CopyOnWriteArrayList<VmRun<String>>();

    driver.start(
        Optional::empty, "could not", () -> new VmRun<>(process, "state", "booting"), waited::add);

    assertThat(driver.status()).isEqualTo(new VmStatus.Starting("booting"));
    await().until(() -> waited.size() == 1);
    assertThat(waited.getFirst().state()).isEqualTo("state");
    assertThat(driver.current()).contains(waited.getFirst());
  }

  @Test
  void startWhileARunIsUnderWayLaunchesNothing() throws VmException {
    var driver = skeleton(false);
    var launches = new AtomicInteger();
    DriverSkeleton.Launch<String> launch =
        () -> {
          launches.incrementAndGet();
          return new VmRun<>(new FakeProcess(), "state", "booting");
        };

    driver.start(Optional::empty, "could not", launch, run -> {});
    driver.start(Optional::empty, "could not", launch, run -> {});

    assertThat(launches).hasValue(1);
  }

  @Test
  void startThatCannotRunPublishesTheReasonAndThrows() {
    var driver = skeleton(false);

    assertThatThrownBy(
            () ->
                driver.start(
                    () -> Optional.of("hypervisor missing"),
                    "could not",
                    () -> new VmRun<>(new FakeProcess(), "state", "booting"),
                    run -> {}))
        .isInstanceOf(VmException.class)
        .hasMessage("hypervisor missing");
    assertThat(driver.status()).isEqualTo(new VmStatus.Error("hypervisor missing", List.of()));
  }

  @Test
  void launchThatFailsOnIoPublishesWhatCouldNotStart() {
    var driver = skeleton(false);

    assertThatThrownBy(
            () ->
                driver.start(
                    Optional::empty,
                    "the fake could not be started",
                    () -> {
                      throw new IOException("no such file");
                    },
                    run -> {}))
        .hasMessage("the fake could not be started: no such file");
    assertThat(driver.status())
        .isEqualTo(new VmStatus.Error("the fake could not be started: no such file", List.of()));
    assertThat(driver.current()).isEmpty();
  }

  @Test
  void stopAsksThePowerDownAndReturnsOnceStopped() throws VmException {
    var driver = skeleton(false);
    var process = new FakeProcess();
    var closed = new AtomicInteger();
    driver.start(
        Optional::empty,
        "could not",
        () -> {
          var run = new VmRun<>(process, "state", "booting");
          run.closeAtEnd(closed::incrementAndGet);
          return run;
        },
        run -> {});

    driver.stop(Duration.ofSeconds(10), run -> run.process().destroy(false));

    assertThat(driver.status()).isEqualTo(new VmStatus.Stopped());
    assertThat(closed).hasValue(1);
    assertThat(driver.current()).isEmpty();
    await()
        .until(
            () ->
                seen.contains(new VmStatus.Stopping())
                    && seen.getLast().equals(new VmStatus.Stopped()));
  }

  @Test
  void stopEndsAGuestThatIgnoresThePowerDownAfterTheGracePeriod() throws VmException {
    var driver = skeleton(false);
    var process = new FakeProcess();
    driver.start(
        Optional::empty, "could not", () -> new VmRun<>(process, "state", "booting"), run -> {});

    driver.stop(Duration.ofMillis(50), run -> {});

    assertThat(process.destroyed).isTrue();
    assertThat(driver.status()).isEqualTo(new VmStatus.Stopped());
  }

  @Test
  void processEndingOnItsOwnIsAnErrorWithTheExplanationAndTheConsole() throws VmException {
    var driver = skeleton(false);
    var process = new FakeProcess();
    driver.start(
        Optional::empty, "could not", () -> new VmRun<>(process, "state", "booting"), run -> {});

    process.exit(3);

    await().until(() -> driver.status() instanceof VmStatus.Error);
    assertThat(driver.status()).isEqualTo(new VmStatus.Error("the fake exited with 3", console));
    assertThat(driver.current()).isEmpty();
  }

  @Test
  void failedBootKeepsItsReasonForTheErrorWhenTheProcessEnds() throws VmException {
    var driver = skeleton(false);
    var process = new FakeProcess();
    driver.start(
        Optional::empty,
        "could not",
        () -> new VmRun<>(process, "state", "booting"),
        run -> {
          driver.fail(run, "the engine did not answer");
          run.process().destroy(true);
        });

    await().until(() -> driver.status() instanceof VmStatus.Error);
    assertThat(driver.status()).isEqualTo(new VmStatus.Error("the engine did not answer", console));
  }

  @Test
  void statusesOfAnOldRunAreNotPublished() throws VmException {
    var driver = skeleton(false);
    var first = new FakeProcess();
    var runs = new CopyOnWriteArrayList<VmRun<String>>();
    driver.start(
        Optional::empty, "could not", () -> new VmRun<>(first, "first", "booting"), runs::add);
    await().until(() -> runs.size() == 1);
    driver.stop(Duration.ofSeconds(10), run -> run.process().destroy(false));

    var published =
        driver.publishIf(runs.getFirst(), now -> true, new VmStatus.Starting("too late"));

    assertThat(published).isFalse();
    assertThat(driver.status()).isEqualTo(new VmStatus.Stopped());
  }

  @Test
  void removeFilesDeletesTheMachineFolderAndTheDockerContext() throws Exception {
    var driver = skeleton(false);
    Files.createDirectories(driver.folder().resolve("tls"));
    var contexts = new DockerContextWriter(stateRoot.resolve("docker"));
    contexts.write("drover", URI.create("tcp://127.0.0.1:2376"), Optional.empty(), "test");

    driver.removeFiles(contexts);

    assertThat(driver.folder()).doesNotExist();
    assertThat(stateRoot.resolve("docker").resolve("contexts").resolve("meta")).isEmptyDirectory();
  }
}
