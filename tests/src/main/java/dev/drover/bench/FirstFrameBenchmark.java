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
import java.util.concurrent.TimeUnit;

/**
 * Time from process start to first frame: the packaged Drover app against a plain JavaFX hello-world, both
 * started the same way (same JVM, flags and class-path launch) in this run, alternating so that neither gets
 * a warmer machine. Prints the medians and their ratio; it is a benchmark, not a test, so a slow ratio is
 * reported, not failed. A launch that never shows a frame is an error.
 *
 * <p>Usage: {@code FirstFrameBenchmark <packaged app folder> [runs]}; the engine is taken from
 * {@code DROVER_TEST_DOCKER_HOST} when set, so Drover connects while it starts, as it would for a user.
 */
public final class FirstFrameBenchmark {

    private static final double GOAL = 1.5;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FirstFrameBenchmark <packaged app folder, e.g. installer/target/drover> [runs]");
            System.exit(2);
        }
        var app = Path.of(args[0]).toAbsolutePath();
        var runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var ownClassPath = System.getProperty("java.class.path");
        var configHome = Files.createTempDirectory("drover-bench");

        var drover = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Ddrover.exitAfterFirstFrame=true",
                "-cp", app.resolve("lib") + "/*", "dev.drover.app.Launcher");
        var hello = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Ddrover.exitAfterFirstFrame=true",
                "-cp", ownClassPath, HelloWorld.Main.class.getName());

        // One untimed launch each fills the page cache, as a user's second start would have it.
        launch(drover, configHome);
        launch(hello, configHome);
        var droverTimes = new ArrayList<Double>();
        var helloTimes = new ArrayList<Double>();
        for (int i = 0; i < runs; i++) {
            droverTimes.add(launch(drover, configHome));
            helloTimes.add(launch(hello, configHome));
        }
        var droverMedian = median(droverTimes);
        var helloMedian = median(helloTimes);
        var ratio = droverMedian / helloMedian;
        System.out.printf(Locale.ROOT, "first frame, median of %d runs: drover %.0f ms, hello-world %.0f ms%n",
                runs, droverMedian, helloMedian);
        System.out.printf(Locale.ROOT, "first-frame ratio drover/hello-world: %.2fx (goal: at most %.1fx) %s%n",
                ratio, GOAL, ratio <= GOAL ? "met" : "NOT met");
        System.out.println("drover runs (ms): " + format(droverTimes));
        System.out.println("hello-world runs (ms): " + format(helloTimes));
    }

    /** Milliseconds from starting the process until it prints FIRST_FRAME. */
    private static double launch(List<String> command, Path configHome) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DROVER_CONFIG_HOME", configHome.toString());
        var engine = System.getenv("DROVER_TEST_DOCKER_HOST");
        if (engine != null && !engine.isBlank()) builder.environment().put("DOCKER_HOST", engine);
        var started = System.nanoTime();
        var process = builder.start();
        double elapsed = -1;
        var output = new StringBuilder();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (elapsed < 0 && line.equals("FIRST_FRAME")) elapsed = (System.nanoTime() - started) / 1e6;
                else output.append(line).append('\n');
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
        if (elapsed < 0) {
            throw new IllegalStateException("no first frame from " + command.getLast() + " (exit " + process.exitValue()
                    + "):\n" + output);
        }
        return elapsed;
    }

    private static double median(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        var mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static String format(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }
}
