package dev.drover.tests.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.drover.tests.support.RealParts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The {@code .rpm} that {@code -Pinstaller} builds where rpmbuild exists (Debian's {@code rpm}
 * package; {@code ./run-tests.sh} installs it), checked without installing it: its requirements
 * name the QEMU its VM needs in Fedora's package names, it ships the launchers and the VM's guest,
 * and its extracted files run.
 */
class RpmPackageIT {

  private static Path rpm;

  @TempDir Path temp;

  @BeforeAll
  static void requireRpmAndThePackage() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/rpm"))) {
      missing(
          "inspecting a .rpm needs the rpm command (Debian's rpm package; ./run-tests.sh installs it)");
    }
    var folder = Path.of("..", "installer", "target", "installer").toAbsolutePath().normalize();
    try (var files = Files.exists(folder) ? Files.list(folder) : Stream.<Path>empty()) {
      rpm =
          files
              .filter(file -> file.getFileName().toString().matches("drover-.*\\.rpm"))
              .findFirst()
              .orElse(null);
    }
    if (rpm == null) {
      missing(
          "no .rpm in "
              + folder
              + ": build it with ./mvnw -Pinstaller package where rpmbuild exists (./run-tests.sh does)");
    }
  }

  @Test
  void theRpmRequiresQemuInFedorasNames() throws Exception {
    var requires = run("rpm", "-qpR", rpm.toString());
    assertThat(requires.status()).as("rpm -qpR:\n" + requires.output()).isZero();

    var arm = System.getProperty("os.arch").equals("aarch64");
    assertThat(requires.output().lines().map(String::strip))
        .as("rpm -qpR")
        .contains(arm ? "qemu-system-aarch64-core" : "qemu-system-x86-core", "qemu-img");
  }

  @Test
  void theRpmShipsBothLaunchersAndTheVmsGuest() throws Exception {
    var list = run("rpm", "-qpl", rpm.toString());
    assertThat(list.status()).as("rpm -qpl:\n" + list.output()).isZero();

    assertThat(list.output().lines())
        .contains(
            "/opt/drover/bin/Drover",
            "/opt/drover/bin/drover",
            "/opt/drover/lib/app/vm/guest/vmlinuz",
            "/opt/drover/lib/app/vm/guest/initramfs.img",
            "/opt/drover/lib/app/vm/guest/SHA256SUMS");
  }

  @Test
  void theRpmsLaunchersRunFromItsExtractedFiles() throws Exception {
    var extract =
        run(
            "sh",
            "-c",
            "rpm2archive - < \"$0\" | tar -xzf - -C \"$1\"",
            rpm.toString(),
            temp.toString());
    assertThat(extract.status()).as("rpm2archive | tar:\n" + extract.output()).isZero();

    var version = run(temp.resolve("opt/drover/bin/drover").toString(), "--version");
    assertThat(version.status()).as("drover --version:\n" + version.output()).isZero();
    assertThat(version.output()).contains("drover 0.1.0");

    RealParts.display();
    var firstFrame =
        run(temp.resolve("opt/drover/bin/Drover").toString(), "--exit-after-first-frame");
    assertThat(firstFrame.status())
        .as("Drover --exit-after-first-frame:\n" + firstFrame.output())
        .isZero();
    assertThat(firstFrame.output()).contains("FIRST_FRAME");
  }

  private static void missing(String what) {
    if (RealParts.inCi()) fail(what);
    throw new TestAbortedException(what);
  }

  private record Result(int status, String output) {}

  private Result run(String... command) throws IOException, InterruptedException {
    var builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    // The app and the command keep their settings and logs here, not in the user's folders.
    builder.environment().put("DROVER_CONFIG_HOME", temp.resolve("config").toString());
    var engine = System.getenv("DROVER_TEST_DOCKER_HOST");
    if (engine != null) builder.environment().put("DOCKER_HOST", engine);
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 5 minutes:\n" + output);
    }
    return new Result(process.exitValue(), output);
  }
}
