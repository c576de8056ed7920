package dev.drover.tests.tray;

import dev.drover.tests.support.RealParts;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Drover as a user starts it: the packaged layout's launcher in a process of its own, for the tests
 * that need one.
 */
final class PackagedApp {

  static final Path LIB =
      Path.of("..", "installer", "target", "drover", "lib").toAbsolutePath().normalize();

  private PackagedApp() {}

  /** Fails (CI) or skips the test when the installer module has not laid out the app. */
  static void require() {
    if (!Files.isDirectory(LIB))
      RealParts.missing("no packaged app in " + LIB + ": build the installer module first");
  }

  /** Fails (CI) or skips the test when {@code program} is not on PATH. */
  static void requireOnPath(String program, String howToGetIt) {
    var path = System.getenv("PATH");
    var found =
        path != null
            && Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    if (!found) RealParts.missing(program + " is not installed (" + howToGetIt + ")");
  }

  /**
   * Drover's launcher with {@code configHome} as its user folders, output and errors together; not
   * started.
   */
  static ProcessBuilder launcher(Path configHome) {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                LIB + File.separator + "*",
                "dev.drover.app.Launcher")
            .redirectErrorStream(true);
    builder.environment().put("DROVER_CONFIG_HOME", configHome.toString());
    return builder;
  }

  /** A file's text, or empty while it does not exist yet. */
  static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }
}
