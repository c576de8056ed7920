package dev.drover.tests.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.tests.support.RealParts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run-app.sh starts Drover through dev/drover-java.sh with a class-data-sharing archive: the first
 * start writes it, later starts use it without an error line, also after a build that wrote the
 * Drover jars again with the same classes (every build does). Whether a class came from the archive
 * is read from the JVM's class-load log, asked for through JDK_JAVA_OPTIONS (logging does not
 * change what the archive must match).
 */
class DevLaunchArchiveIT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path BUILT_LIB = REPO.resolve("installer/target/drover/lib");
  private static final String LAUNCHER_LOADED = "dev.drover.app.Launcher source: ";
  private static final String FROM_ARCHIVE = LAUNCHER_LOADED + "shared objects file (top)";

  @TempDir Path scratch;

  @BeforeAll
  static void requireTheParts() {
    RealParts.display();
    RealParts.require("DROVER_TEST_DOCKER_HOST", "no Docker engine for Drover to connect to");
    if (!Files.isDirectory(BUILT_LIB))
      RealParts.missing("no packaged app in " + BUILT_LIB + ": build the installer module first");
    // dev/drover-java.sh compares a rebuilt jar's classes with unzip; without it every rebuild
    // looks changed.
    var onPath =
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(folder -> !folder.isBlank())
            .map(folder -> Path.of(folder, "unzip"))
            .filter(Files::isExecutable)
            .findFirst();
    if (onPath.isEmpty())
      RealParts.missing(
          "unzip is not installed (not on the PATH): apt-get install unzip, or run ./run-tests.sh as root");
  }

  @Test
  void secondStartUsesTheArchiveWithoutErrorsAlsoAfterARebuild() throws Exception {
    var appLib = Files.createDirectories(scratch.resolve("app/lib"));
    Path droverJar = null;
    try (var jars = Files.list(BUILT_LIB)) {
      for (var jar : jars.toList()) {
        var name = jar.getFileName().toString();
        if (name.startsWith("drover-app-")) {
          droverJar = Files.copy(jar, appLib.resolve(name));
        } else {
          Files.createSymbolicLink(appLib.resolve(name), jar);
        }
      }
    }
    assertThat(droverJar).as("the app's own jar in " + BUILT_LIB).isNotNull();

    var first = launch(1);
    assertThat(first.output).contains("FIRST_FRAME");
    assertThat(errorLines(first.output)).as("errors of the first start").isEmpty();
    var archives = archives();
    assertThat(archives).as("the archive the first start wrote").hasSize(1);

    var second = launch(2);
    assertThat(errorLines(second.output)).as("errors of the second start").isEmpty();
    assertThat(second.launcherSource)
        .as(
            "the second start loads Drover's classes from the archive; its archive lines:\n"
                + archiveLines(second.output))
        .contains(FROM_ARCHIVE);
    assertThat(archives()).as("the archive is kept").isEqualTo(archives);

    rebuildWithNewDates(droverJar);
    var afterBuild = launch(3);
    assertThat(errorLines(afterBuild.output)).as("errors of the start after a build").isEmpty();
    assertThat(afterBuild.launcherSource)
        .as(
            "the start after a build with the same classes uses the archive; its archive"
                + " lines:\n"
                + archiveLines(afterBuild.output))
        .contains(FROM_ARCHIVE);
  }

  /** A start's output, and the class-load log's line saying where Drover's main class came from. */
  private record Start(String output, String launcherSource) {}

  private Start launch(int number) throws IOException, InterruptedException {
    var output = scratch.resolve("start-" + number + ".txt");
    var classLoads = scratch.resolve("classes-" + number + ".log");
    var builder =
        new ProcessBuilder(
                REPO.resolve("dev/drover-java.sh").toString(),
                scratch.resolve("app").toString(),
                "--exit-after-first-frame")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    var environment = builder.environment();
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("XDG_CACHE_HOME", scratch.resolve("cache").toString());
    environment.put(
        "DROVER_CONFIG_HOME", Files.createDirectories(scratch.resolve("config")).toString());
    environment.put("DOCKER_HOST", System.getenv("DROVER_TEST_DOCKER_HOST"));
    environment.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + classLoads);
    var process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "start " + number + " did not end within 3 minutes:\n" + Files.readString(output));
    }
    var text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("exit of start " + number + ", output:\n" + text).isZero();
    var launcherLoaded = "";
    if (Files.exists(classLoads)) {
      try (var lines = Files.lines(classLoads, StandardCharsets.UTF_8)) {
        launcherLoaded =
            lines.filter(line -> line.contains(LAUNCHER_LOADED)).findFirst().orElse("");
      }
    }
    return new Start(text, launcherLoaded);
  }

  private static List<String> errorLines(String output) {
    return output.lines().filter(line -> line.contains("[error")).toList();
  }

  private static String archiveLines(String output) {
    return String.join(
        "\n",
        output
            .lines()
            .filter(line -> line.contains("[cds") || line.contains("[aot"))
            .filter(line -> !line.contains("Skipping"))
            .limit(20)
            .toList());
  }

  private List<Path> archives() throws IOException {
    try (var files = Files.walk(scratch.resolve("cache"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
    }
  }

  /**
   * What a build does to a jar whose classes did not change: the same entries, written again with
   * new dates.
   */
  private static void rebuildWithNewDates(Path jar) throws IOException {
    var rebuilt = jar.resolveSibling(jar.getFileName() + ".new");
    var now = FileTime.from(Instant.now());
    try (var in = new ZipInputStream(Files.newInputStream(jar));
        var out = new ZipOutputStream(Files.newOutputStream(rebuilt))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        var copy = new ZipEntry(entry.getName());
        copy.setLastModifiedTime(now);
        out.putNextEntry(copy);
        in.transferTo(out);
        out.closeEntry();
      }
    }
    Files.move(rebuilt, jar, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
  }
}
