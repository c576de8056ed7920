package dev.drover.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Time from process start to first frame: the packaged Drover app against a plain JavaFX
 * hello-world, both started the same way (same JVM, flags and class-path launch) in this run,
 * alternating so that neither gets a warmer machine. Prints the medians and their ratio; it is a
 * benchmark, not a test, so a slow ratio is reported, not failed. A launch that never shows a frame
 * is an error.
 *
 * <p>Usage: {@code FirstFrameBenchmark <packaged app folder> [runs]}; the engine is taken from
 * {@code DROVER_TEST_DOCKER_HOST} when set, so Drover connects while it starts, as it would for a
 * user.
 */
public final class FirstFrameBenchmark {

  private static final double GOAL = 1.5;

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: FirstFrameBenchmark <packaged app folder, e.g. installer/target/drover> [runs]");
      System.exit(2);
    }
    var app = Path.of(args[0]).toAbsolutePath();
    var runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var ownClassPath = System.getProperty("java.class.path");
    var configHome = Files.createTempDirectory("drover-bench");

    var drover =
        List.of(
            "-Ddrover.exitAfterFirstFrame=true",
            "-cp",
            app.resolve("lib") + "/*",
            "dev.drover.app.Launcher");
    var hello = List.of("-cp", ownClassPath, HelloWorld.Main.class.getName());

    System.out.println(
        "first-frame benchmark: drover vs a plain JavaFX hello-world, "
            + runs
            + " alternating runs each");
    var plain =
        compare(
            List.of(java, "--enable-native-access=ALL-UNNAMED"),
            drover,
            hello,
            runs,
            configHome,
            "plain JVM");
    // Each program gets its own class-data-sharing archive, written by its untimed first launch:
    // how the
    // packaged app starts for a user from the second launch on, and the same treatment for the
    // baseline.
    var cds =
        compare(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + configHome.resolve("%s.jsa")),
            drover,
            hello,
            runs,
            configHome,
            "CDS archive");
    System.out.printf(
        Locale.ROOT,
        "first-frame ratio drover/hello-world: %.2fx plain, %.2fx with CDS (goal: at most %.1fx)%n",
        plain,
        cds,
        GOAL);
  }

  private static double compare(
      List<String> jvm,
      List<String> drover,
      List<String> hello,
      int runs,
      Path configHome,
      String mode)
      throws IOException, InterruptedException {
    var droverCommand = command(jvm, drover, "drover");
    var helloCommand = command(jvm, hello, "hello");
    // One untimed launch each fills the page cache (and writes the CDS archive in that mode).
    launch(droverCommand, configHome);
    launch(helloCommand, configHome);
    var droverTimes = new ArrayList<Double>();
    var helloTimes = new ArrayList<Double>();
    for (int i = 0; i < runs; i++) {
      droverTimes.add(launch(droverCommand, configHome));
      helloTimes.add(launch(helloCommand, configHome));
    }
    var ratio = median(droverTimes) / median(helloTimes);
    BenchResults.compared(
        mode.equals("plain JVM") ? "first-frame-plain" : "first-frame-cds",
        "first frame (no table), dev build, " + mode + " on both sides",
        "ms",
        droverTimes,
        "JavaFX hello-world first frame",
        helloTimes,
        BenchResults.Goal.ratioAtMost(GOAL),
        "Drover without its single-instance claim (-Ddrover.exitAfterFirstFrame); the launch to a"
            + " populated table is launch-dev");
    System.out.printf(
        Locale.ROOT,
        "%-11s drover median %.0f ms [%s], hello-world median %.0f ms [%s], ratio %.2fx%n",
        mode + ":",
        median(droverTimes),
        format(droverTimes),
        median(helloTimes),
        format(helloTimes),
        ratio);
    return ratio;
  }

  private static List<String> command(List<String> jvm, List<String> program, String archiveName) {
    var command = new ArrayList<String>();
    jvm.forEach(option -> command.add(option.replace("%s", archiveName)));
    command.addAll(program);
    return command;
  }

  /** Milliseconds from starting the process until it prints FIRST_FRAME. */
  static double launch(List<String> command, Path configHome)
      throws IOException, InterruptedException {
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DROVER_CONFIG_HOME", configHome.toString());
    var engine = System.getenv("DROVER_TEST_DOCKER_HOST");
    if (engine != null && !engine.isBlank()) builder.environment().put("DOCKER_HOST", engine);
    var started = System.nanoTime();
    var process = builder.start();
    var firstFrame = new CompletableFuture<Double>();
    var output = new StringBuffer();
    // Read on a thread of its own so a launch that hangs cannot hang the benchmark.
    Thread.ofVirtual()
        .start(
            () -> {
              try (var lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  if (line.equals("FIRST_FRAME"))
                    firstFrame.complete((System.nanoTime() - started) / 1e6);
                  else output.append(line).append('\n');
                }
              } catch (IOException ignored) {
                // The process is gone; the checks below report it.
              }
            });
    try {
      var elapsed = firstFrame.get(60, TimeUnit.SECONDS);
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
      return elapsed;
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "no first frame within 60 s from " + command.getLast() + ":\n" + output);
    }
  }

  static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    var mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  static String format(List<Double> values) {
    return String.join(
        " ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
  }
}
