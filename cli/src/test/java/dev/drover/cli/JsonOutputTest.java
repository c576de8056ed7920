package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.kube.k3s.K3sVersion;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command with {@code --json}, found in the command tree so a new one is covered too, run as
 * a process of its own with the class path the installed command has (the app's jars beside it):
 * its whole standard output must be exactly one JSON document, with logs and progress on standard
 * error.
 */
class JsonOutputTest {

  private static final K3sVersion CACHED = K3sVersion.of("v1.31.2+k3s1");
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path home;

  record Run(int exitCode, String out, String err) {}

  @AfterEach
  void stopTheVm() throws Exception {
    drover("vm", "stop");
    var instance =
        VmInstance.forUser(
            Map.of("DROVER_CONFIG_HOME", home.toString()), home, "Linux", DroverCli.VM_NAME);
    new VmControl(instance)
        .ownerPid()
        .ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private Run drover(String... args) throws Exception {
    return drover(List.of(), args);
  }

  private Run drover(List<String> jvmOptions, String... args) throws Exception {
    var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), OfflineCliMain.class.getName()));
    command.addAll(List.of(args));
    var builder =
        new ProcessBuilder(command)
            .redirectOutput(home.resolve("out.txt").toFile())
            .redirectError(home.resolve("err.txt").toFile());
    builder.environment().put("DROVER_CONFIG_HOME", home.toString());
    builder.environment().remove("DROVER_LOG_LEVEL");
    var process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("drover " + String.join(" ", args) + " did not end within 120 s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  /** The commands that take {@code --json}, by their names from the top ("kube", "versions"). */
  private static Map<List<String>, CommandLine> jsonCommands(CommandLine root) {
    var found = new LinkedHashMap<List<String>, CommandLine>();
    collect(root, List.of(), new HashSet<>(), found);
    return found;
  }

  private static void collect(
      CommandLine command,
      List<String> path,
      Set<CommandLine> seen,
      Map<List<String>, CommandLine> found) {
    if (!seen.add(command)) return;
    if (command.getCommandSpec().findOption("--json") != null) found.put(path, command);
    for (var sub : command.getSubcommands().values()) {
      var next = new ArrayList<>(path);
      next.add(sub.getCommandName());
      collect(sub, next, seen, found);
    }
  }

  @Test
  void everyJsonCommandPrintsExactlyOneJsonDocumentOnStandardOutput() throws Exception {
    OfflineCliMain.cacheBinary(home, CACHED);
    Files.writeString(
        home.resolve("settings.json"),
        "{\"kubernetes\":{\"k3sVersion\":\"" + CACHED.tag() + "\"}}");
    var start = drover("vm", "start");
    assertThat(start.exitCode()).as(start.err()).isZero();

    var commands = jsonCommands(OfflineCliMain.commandLine(home));

    assertThat(commands)
        .as("the tree is read, not a list kept by hand")
        .containsKeys(
            List.of("vm", "status"), List.of("kube", "versions"), List.of("kube", "status"));
    var softly = new SoftAssertions();
    for (var command : commands.entrySet()) {
      var args = new ArrayList<>(command.getKey());
      args.add("--json");
      // A command that asks before it deletes is confirmed up front: nobody answers at a pipe.
      if (command.getValue().getCommandSpec().findOption("--yes") != null) args.add("--yes");
      var run = drover(args.toArray(String[]::new));
      var described =
          "drover "
              + String.join(" ", args)
              + "\nstdout:\n"
              + run.out()
              + "\nstderr:\n"
              + run.err();

      softly.assertThat(run.exitCode()).as(described).isZero();
      try {
        softly
            .assertThat(STRICT.readTree(run.out()).isObject())
            .as("one JSON object: " + described)
            .isTrue();
      } catch (JsonProcessingException e) {
        softly.fail(
            "Standard output is not one JSON document ("
                + e.getOriginalMessage()
                + "): "
                + described);
      }
    }
    softly.assertAll();
  }

  @Test
  void jsonStaysTheOnlyOutputWhenTheAppsLogFileCannotBeOpened() throws Exception {
    OfflineCliMain.cacheBinary(home, CACHED);
    // A folder where the app's configurator would put its log file: opening it fails even for root.
    var temp = Files.createDirectories(home.resolve("tmp"));
    Files.createDirectories(temp.resolve("drover.log"));

    var run = drover(List.of("-Djava.io.tmpdir=" + temp), "kube", "versions", "--json");

    var described = "stdout:\n" + run.out() + "\nstderr:\n" + run.err();
    assertThat(run.exitCode()).as(described).isZero();
    assertThatCode(() -> assertThat(STRICT.readTree(run.out()).isObject()).isTrue())
        .as("one JSON object on standard output: " + described)
        .doesNotThrowAnyException();
    try (var left = Files.list(temp)) {
      assertThat(left.map(path -> path.getFileName().toString()))
          .as("the app's log files are not touched")
          .containsExactly("drover.log");
    }
  }
}
