package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.vm.VmState;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code drover vm start} processes at once, each finding no owner: the lock lets only one
 * detached owner run, so the VM is started exactly once and both commands report the same owner.
 */
class TwoProcessesTest {

  @TempDir Path home;

  /** A failed run must not leave its detached owner behind. */
  @AfterEach
  void endTheOwner() {
    var instance =
        VmInstance.forUser(Map.of("DROVER_CONFIG_HOME", home.toString()), home, "Linux", "drover");
    new VmControl(instance)
        .ownerPid()
        .ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private static String readOrNothing(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(none)";
  }

  private Process drover(Path output, String... args) throws IOException {
    var command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                FakeCliMain.class.getName()));
    command.addAll(List.of(args));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("DROVER_CONFIG_HOME", home.toString());
    builder.environment().put("FAKE_VM_STARTS", home.resolve("starts.txt").toString());
    return builder.start();
  }

  @Test
  void twoStartersAtOnceStartTheVmOnceUnderOneOwner() throws Exception {
    var first = drover(home.resolve("first.txt"), "vm", "start");
    var second = drover(home.resolve("second.txt"), "vm", "start");

    assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    var firstSaid = Files.readString(home.resolve("first.txt"), StandardCharsets.UTF_8);
    var secondSaid = Files.readString(home.resolve("second.txt"), StandardCharsets.UTF_8);

    assertThat(first.exitValue()).as(firstSaid).isZero();
    assertThat(second.exitValue()).as(secondSaid).isZero();
    var starts = Files.readAllLines(home.resolve("starts.txt"));
    assertThat(starts).as("one start in all").hasSize(1);
    var ownerPid = Long.parseLong(starts.getFirst().split(" ")[1]);
    assertThat(ownerPid).isNotIn(first.pid(), second.pid()); // a detached owner, not either command
    assertThat(firstSaid).contains("(pid " + ownerPid + ")");
    assertThat(secondSaid).contains("(pid " + ownerPid + ")");
    var instance =
        VmInstance.forUser(Map.of("DROVER_CONFIG_HOME", home.toString()), home, "Linux", "drover");
    assertThat(new VmControl(instance).status().state()).isEqualTo(VmState.RUNNING);

    var third = drover(home.resolve("third.txt"), "vm", "start");
    assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(home.resolve("third.txt")))
        .contains("already running (pid " + ownerPid + ")");

    var stop = drover(home.resolve("stop.txt"), "vm", "stop");
    assertThat(stop.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(stop.exitValue()).isZero();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(ownerPid).map(p -> !p.isAlive()).orElse(true));
    // The owner's process is gone (above) and the VM reads as stopped, asked as a user asks: by a
    // command of its
    // own. (Not from this JVM: under the full suite its own lock probe was seen to keep answering
    // "held" after the
    // owner ended, and once the VM then did not read as stopped within 30 s.)
    var stopped = Pattern.compile("\"state\"\\s*:\\s*\"STOPPED\"");
    await("the VM reads as stopped")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              var status = drover(home.resolve("status.txt"), "vm", "status", "--json");
              assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
              var said = Files.readString(home.resolve("status.txt"), StandardCharsets.UTF_8);
              assertThat(stopped.matcher(said).find())
                  .as(
                      "drover vm status said:%n%s%nthe status file:%n%s%nthe owner's log:%n%s",
                      said,
                      readOrNothing(instance.statusFile()),
                      readOrNothing(instance.ownerLog()))
                  .isTrue();
            });
    assertThat(Files.readAllLines(home.resolve("starts.txt"))).hasSize(1);
    assertThat(Pattern.compile("Exception").matcher(Files.readString(instance.ownerLog())).find())
        .isFalse();
  }
}
