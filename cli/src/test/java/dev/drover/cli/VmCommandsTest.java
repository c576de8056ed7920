package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.vm.VmState;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The drover command in this process against a fake driver; the VM owner runs on a thread here. */
class VmCommandsTest {

  @TempDir Path home;

  private String failure;
  private final List<Thread> owners = new ArrayList<>();

  record Run(int exitCode, String out, String err) {}

  private VmInstance instance() {
    return VmInstance.forUser(
        Map.of("DROVER_CONFIG_HOME", home.toString()), home, "Linux", "drover");
  }

  private CliEnvironment env() {
    var folders = UserFolders.forUser(Map.of("DROVER_CONFIG_HOME", home.toString()), home, "Linux");
    var holder = new CliEnvironment[1];
    holder[0] =
        new CliEnvironment(
            instance(),
            folders,
            FakeVmDriver.drivers(home.resolve("starts.txt"), failure),
            instance -> {
              owners.add(
                  Thread.ofVirtual()
                      .start(() -> DroverCli.commandLine(holder[0]).execute("vm", "serve")));
              return null;
            },
            Duration.ofSeconds(30));
    return holder[0];
  }

  private Run drover(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var command = DroverCli.commandLine(env());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    var code = command.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private long starts() throws IOException {
    var file = home.resolve("starts.txt");
    return Files.exists(file)
        ? Files.readAllLines(file).stream().filter(l -> l.startsWith("start")).count()
        : 0;
  }

  @AfterEach
  void stopOwners() throws InterruptedException {
    drover("vm", "stop");
    for (var owner : owners) owner.join(Duration.ofSeconds(20));
  }

  @Test
  void startWaitsForRunningAndStatusJsonShowsTheEngine() throws IOException {
    var start = drover("vm", "start");

    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out())
        .contains("Starting: booting the fake guest")
        .contains("VM drover is running (pid " + ProcessHandle.current().pid());
    var status = drover("vm", "status", "--json");
    assertThat(status.exitCode()).isZero();
    var json = new ObjectMapper().readTree(status.out());
    assertThat(json.path("state").asText()).isEqualTo("RUNNING");
    assertThat(json.path("engineHost").asText()).isEqualTo("tcp://127.0.0.1:2376");
    assertThat(json.path("driver").asText()).isEqualTo("qemu");
    assertThat(json.path("ownerPid").asLong()).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void statusJsonOfAVmThatNeverRanIsTheTextEarlierDroverPrinted() {
    var status = drover("vm", "status", "--json");

    assertThat(status.exitCode()).as(status.err()).isZero();
    // as the command printed it while states and drivers were strings, but for the time
    assertThat(status.out().replaceFirst("\"updated\" : \"[^\"]+\"", "\"updated\" : \"…\""))
        .isEqualTo(
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
              "updated" : "…",
              "engine" : null,
              "portsNotForwarded" : [ ],
              "memoryFootprintBytes" : null
            }
            """);
  }

  @Test
  void statusNamesThePortsTheVmCouldNotForwardInTextAndJson() throws IOException {
    var refused = "8080/tcp on 0.0.0.0 of container web: already used on this computer";
    Files.writeString(home.resolve("ports-not-forwarded.txt"), refused + "\n");
    assertThat(drover("vm", "start").exitCode()).isZero();

    var text = drover("vm", "status");
    var json = drover("vm", "status", "--json");

    assertThat(text.exitCode()).isZero();
    assertThat(text.out())
        .contains("Ports not forwarded to this computer (reachable only inside the VM):")
        .contains("  " + refused);
    assertThat(json.exitCode()).isZero();
    var ports = new ObjectMapper().readTree(json.out()).path("portsNotForwarded");
    assertThat(ports.isArray()).as(json.out()).isTrue();
    assertThat(ports).extracting(node -> node.asText()).containsExactly(refused);
  }

  @Test
  void secondStartSaysAlreadyRunningAndDoesNotStartAgain() throws IOException {
    assertThat(drover("vm", "start").exitCode()).isZero();

    var again = drover("vm", "start");

    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("already running (pid " + ProcessHandle.current().pid() + ")");
    assertThat(starts()).isEqualTo(1);
  }

  @Test
  void humanStatusOfANeverStartedVmIsStopped() {
    var status = drover("vm", "status");

    assertThat(status.exitCode()).isZero();
    assertThat(status.out())
        .contains("VM:      drover")
        .contains("State:   Stopped")
        .doesNotContain("Owner");
  }

  @Test
  void stopEndsTheOwnerSoTheLockIsFreeAndTheStatusStopped() {
    assertThat(drover("vm", "start").exitCode()).isZero();

    var stop = drover("vm", "stop");

    assertThat(stop.exitCode()).isZero();
    assertThat(stop.out()).contains("VM drover stopped");
    await().atMost(Duration.ofSeconds(20)).until(() -> !new VmControl(instance()).hasOwner());
    assertThat(drover("vm", "status").out()).contains("State:   Stopped").doesNotContain("Owner");
    assertThat(drover("vm", "stop").out()).contains("VM drover is not running");
  }

  @Test
  void restartStartsOnceMoreUnderTheSameOwner() throws IOException {
    assertThat(drover("vm", "start").exitCode()).isZero();

    var restart = drover("vm", "restart", "--grace", "1");

    assertThat(restart.exitCode()).as(restart.err()).isZero();
    assertThat(restart.out()).contains("is running");
    assertThat(starts()).isEqualTo(2);
    assertThat(new VmControl(instance()).status().state()).isEqualTo(VmState.RUNNING);
  }

  @Test
  void failedStartExitsOneWithTheReasonAndTheConsole() {
    failure = "QEMU is not installed; install it";

    var start = drover("vm", "start");

    assertThat(start.exitCode()).isEqualTo(1);
    assertThat(start.err())
        .contains("QEMU is not installed; install it")
        .contains("Kernel panic - not syncing");
    var status = drover("vm", "status");
    assertThat(status.out()).contains("State:   Error: QEMU is not installed");
  }

  @Test
  void deleteAsksForYesWhenNobodyCanBeAsked() throws IOException {
    var delete = drover("vm", "delete");

    assertThat(delete.exitCode()).isEqualTo(1);
    assertThat(delete.err()).contains("--yes");
    assertThat(home.resolve("starts.txt")).doesNotExist();
  }

  @Test
  void deleteWithYesGoesThroughTheRunningOwner() throws IOException {
    assertThat(drover("vm", "start").exitCode()).isZero();

    var delete = drover("vm", "delete", "--yes");

    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(Files.readString(home.resolve("starts.txt"))).contains("delete");
    await().atMost(Duration.ofSeconds(20)).until(() -> !new VmControl(instance()).hasOwner());
  }

  @Test
  void deleteWithoutOwnerDeletesHere() throws IOException {
    var delete = drover("vm", "delete", "--yes");

    assertThat(delete.exitCode()).isZero();
    assertThat(Files.readString(home.resolve("starts.txt")))
        .contains("delete " + ProcessHandle.current().pid());
  }

  @Test
  void shellNeedsARunningVm() {
    var shell = drover("vm", "shell");

    assertThat(shell.exitCode()).isEqualTo(1);
    assertThat(shell.err()).contains("is not running").contains("drover vm start");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(drover("vm", "explode").exitCode()).isEqualTo(2);
  }

  @Test
  void diagnosticsZipsLogsAndSettingsButNoKeysOrPasswords() throws IOException {
    Files.writeString(
        home.resolve("settings.json"), "{\"theme\":\"DARK\",\"registryPassword\":\"hunter2\"}");
    Files.createDirectories(home.resolve("logs"));
    Files.writeString(home.resolve("logs/drover.log"), "12:00 INFO started\nlogin token=abc123\n");
    var machine = instance().machinesFolder().resolve("drover");
    Files.createDirectories(machine.resolve("tls/client"));
    Files.writeString(machine.resolve("tls/client/key.pem"), "-----BEGIN PRIVATE KEY-----");
    Files.writeString(machine.resolve("console.log"), "drover-guest: boot finished\n");
    var zip = home.resolve("out/diag.zip");

    var run = drover("diagnostics", "--output", zip.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Wrote " + zip.toAbsolutePath());
    try (var file = new ZipFile(zip.toFile())) {
      var names = file.stream().map(ZipEntry::getName).toList();
      assertThat(names)
          .contains("summary.txt", "settings.json", "logs/drover.log", "vm/machine/console.log")
          .noneMatch(n -> n.contains("key.pem") || n.contains("tls"));
      var settings = new String(file.getInputStream(file.getEntry("settings.json")).readAllBytes());
      assertThat(settings).contains("DARK").doesNotContain("hunter2");
      var log = new String(file.getInputStream(file.getEntry("logs/drover.log")).readAllBytes());
      assertThat(log).contains("started").doesNotContain("abc123");
    }
  }

  @Test
  void pathInASharedFolderIsPrintedAsTheVmSeesIt() throws IOException {
    var project = Files.createDirectories(home.resolve("shared/project"));
    Files.writeString(
        home.resolve("settings.json"),
        "{\"vm\": {\"sharedFolders\": [{\"path\": \"" + home.resolve("shared") + "\"}]}}");

    var path = drover("vm", "path", project.toString());

    assertThat(path.exitCode()).as(path.err()).isZero();
    assertThat(path.out().strip()).isEqualTo(project.toString());
  }

  @Test
  void anUnknownDriverInSettingsIsWarnedAboutNamingTheSettingAndTheFileIsLeftAsItIs()
      throws IOException {
    var project = Files.createDirectories(home.resolve("shared/project"));
    var settings = home.resolve("settings.json");
    var written =
        "{\"vm\": {\"driver\": \"vbox\", \"sharedFolders\": [{\"path\": \""
            + home.resolve("shared")
            + "\"}]}}";
    Files.writeString(settings, written);
    var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(VmSettings.class);
    var warnings =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    warnings.start();
    logger.addAppender(warnings);
    try {
      var path = drover("vm", "path", project.toString());

      assertThat(path.exitCode()).as(path.err()).isZero();
    } finally {
      logger.detachAppender(warnings);
    }
    assertThat(warnings.list)
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "Ignoring vm.driver \"vbox\" in "
                + settings
                + " (the VM driver is one of [auto, qemu, wsl2, hyperkit], not vbox); using auto");
    assertThat(settings).hasContent(written);
  }

  @Test
  void pathOutsideTheSharedFoldersFailsNamingTheSetting() throws IOException {
    var outside = Files.createDirectories(home.resolve("elsewhere"));
    Files.writeString(
        home.resolve("settings.json"),
        "{\"vm\": {\"sharedFolders\": [{\"path\": \"" + home.resolve("shared") + "\"}]}}");

    var path = drover("vm", "path", outside.toString());

    assertThat(path.exitCode()).isEqualTo(VmCommands.FAILED);
    assertThat(path.out()).isEmpty();
    assertThat(path.err())
        .contains(outside.toString(), "Settings → Virtual machine → Shared folders");
  }
}
