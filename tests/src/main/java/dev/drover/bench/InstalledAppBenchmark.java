package dev.drover.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The installed package's start-up: installs the {@code .deb} with dpkg, then times the installed
 * launcher's first frame with its AOT cache (as a user starts it) and without it ({@code
 * -XX:AOTMode=off}), alternating with the foundation benchmark's JavaFX hello-world on a plain JVM,
 * all in this run; prints the medians and ratios, then the package's, the installed app's, the
 * runtime's and the AOT cache's sizes, and uninstalls. A benchmark, not a test: figures are
 * reported, never failed on.
 *
 * <p>Usage (root, with DISPLAY set): {@code InstalledAppBenchmark <drover_…deb> [runs]}.
 */
public final class InstalledAppBenchmark {

  private static final Path INSTALL_DIR = Path.of("/opt/drover");

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: InstalledAppBenchmark <drover_…_amd64.deb> [runs]");
      System.exit(2);
    }
    var deb = Path.of(args[0]).toAbsolutePath();
    var runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    if (run("dpkg-query", "-W", "-f=${Status}", "drover").contains("ok installed")) {
      System.err.println(
          "Drover is already installed here; the benchmark installs and removes its own copy. Remove it first (dpkg -P drover).");
      System.exit(2);
    }
    var plainJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var configHome = Files.createTempDirectory("drover-installed-bench");
    try {
      check(run("dpkg", "-i", deb.toString()), "dpkg -i");
      var launcher = INSTALL_DIR.resolve("bin/Drover").toString();
      var withCache = List.of(launcher, "--exit-after-first-frame");
      // JAVA_TOOL_OPTIONS reaches the JVM inside jpackage's launcher; AOTMode=off ignores the
      // configured cache.
      var withoutCache =
          List.of("env", "JAVA_TOOL_OPTIONS=-XX:AOTMode=off", launcher, "--exit-after-first-frame");
      var hello =
          List.of(
              plainJava,
              "--enable-native-access=ALL-UNNAMED",
              "-cp",
              System.getProperty("java.class.path"),
              HelloWorld.Main.class.getName());
      // The baseline gets what Drover ships with: an AOT cache, trained by one run to its first
      // frame.
      var helloCache = configHome.resolve("hello.aot");
      var training = new ArrayList<>(hello);
      training.add(2, "-XX:AOTCacheOutput=" + helloCache);
      check(run(training.toArray(String[]::new)), "training the hello-world's AOT cache");
      var helloAot = new ArrayList<>(hello);
      helloAot.add(2, "-XX:AOTCache=" + helloCache);

      System.out.println("installed-app first-frame benchmark: " + runs + " alternating runs each");
      for (var command : List.of(withCache, withoutCache, hello, helloAot))
        FirstFrameBenchmark.launch(command, configHome); // warm-up
      var times =
          Map.of(
              "aot",
              new ArrayList<Double>(),
              "noaot",
              new ArrayList<Double>(),
              "hello",
              new ArrayList<Double>(),
              "helloaot",
              new ArrayList<Double>());
      for (int i = 0; i < runs; i++) {
        times.get("aot").add(FirstFrameBenchmark.launch(withCache, configHome));
        times.get("noaot").add(FirstFrameBenchmark.launch(withoutCache, configHome));
        times.get("hello").add(FirstFrameBenchmark.launch(hello, configHome));
        times.get("helloaot").add(FirstFrameBenchmark.launch(helloAot, configHome));
      }
      double aot = FirstFrameBenchmark.median(times.get("aot")),
          noAot = FirstFrameBenchmark.median(times.get("noaot")),
          helloMedian = FirstFrameBenchmark.median(times.get("hello")),
          helloAotMedian = FirstFrameBenchmark.median(times.get("helloaot"));
      System.out.printf(
          Locale.ROOT,
          "installed, AOT cache:    median %.0f ms [%s], %.2fx hello-world with its AOT cache%n",
          aot,
          FirstFrameBenchmark.format(times.get("aot")),
          aot / helloAotMedian);
      System.out.printf(
          Locale.ROOT,
          "installed, no AOT cache: median %.0f ms [%s], %.2fx hello-world%n",
          noAot,
          FirstFrameBenchmark.format(times.get("noaot")),
          noAot / helloMedian);
      System.out.printf(
          Locale.ROOT,
          "hello-world, plain JVM:  median %.0f ms [%s]%n",
          helloMedian,
          FirstFrameBenchmark.format(times.get("hello")));
      System.out.printf(
          Locale.ROOT,
          "hello-world, AOT cache:  median %.0f ms [%s]%n",
          helloAotMedian,
          FirstFrameBenchmark.format(times.get("helloaot")));
      BenchResults.compared(
          "first-frame-installed",
          "first frame (no table), installed .deb with its AOT cache",
          "ms",
          times.get("aot"),
          "hello-world with its own AOT cache",
          times.get("helloaot"),
          BenchResults.Goal.none(),
          "the goal is on the launch to a populated table (launch-installed)");
      BenchResults.compared(
          "first-frame-installed-no-aot",
          "first frame (no table), installed .deb with -XX:AOTMode=off",
          "ms",
          times.get("noaot"),
          "hello-world, plain JVM",
          times.get("hello"),
          BenchResults.Goal.none(),
          "");
      System.out.printf(
          Locale.ROOT, "AOT cache speed-up: %.2fx (%.0f ms saved)%n", noAot / aot, noAot - aot);
      System.out.printf(
          Locale.ROOT,
          "sizes: package %s, installed %s, of which runtime %s, AOT cache %s, app jars %s%n",
          mib(Files.size(deb)),
          mib(size(INSTALL_DIR)),
          mib(size(INSTALL_DIR.resolve("lib/runtime"))),
          mib(Files.size(INSTALL_DIR.resolve("lib/app/drover.aot"))),
          mib(
              size(INSTALL_DIR.resolve("lib/app"))
                  - Files.size(INSTALL_DIR.resolve("lib/app/drover.aot"))));
    } finally {
      run("dpkg", "-P", "drover");
      try (var files = Files.walk(configHome)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static long size(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static void check(String output, String what) {
    if (output.startsWith("exit ")) throw new IllegalStateException(what + " failed: " + output);
  }

  /** The command's output, prefixed with "exit N" when it failed. */
  private static String run(String... command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) process.destroyForcibly().waitFor();
    return process.exitValue() == 0 ? output : "exit " + process.exitValue() + ": " + output;
  }
}
