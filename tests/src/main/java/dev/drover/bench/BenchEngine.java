package dev.drover.bench;

import com.github.dockerjava.api.DockerClient;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * What the in-process benchmarks share: the test engine (from {@code DROVER_TEST_DOCKER_HOST}), its
 * busybox test image, the docker CLI that gives the baselines, and the arithmetic of their reports.
 */
final class BenchEngine {

  static final String BUSYBOX = "drover-test/busybox:1";

  private BenchEngine() {}

  /**
   * The engine to measure against, or exits with a usage message: without one there is nothing to
   * measure.
   */
  static String hostOrExit(String usage) {
    var host = System.getenv("DROVER_TEST_DOCKER_HOST");
    if (host == null || host.isBlank()) {
      System.err.println(
          "DROVER_TEST_DOCKER_HOST is not set: point it at a Docker engine, e.g. unix:///var/run/docker.sock");
      System.err.println("usage: " + usage);
      System.exit(2);
    }
    return host;
  }

  static EngineEndpoint endpoint(String host) {
    return EngineEndpoint.of("benchmark", URI.create(host));
  }

  static DockerClient client(String host) {
    return DockerClients.open(endpoint(host), Duration.ofSeconds(120));
  }

  /** Fails with a message saying what to do when the test image is not on the engine. */
  static void requireBusybox(DockerClient docker) {
    if (docker.listImagesCmd().withReferenceFilter(BUSYBOX).exec().isEmpty()) {
      throw new IllegalStateException(
          BUSYBOX
              + " is not on the engine: run one Docker integration test first "
              + "(TestImages.busybox loads it), or load it with `docker load`");
    }
  }

  /** The docker CLI, for the baselines. */
  static String dockerCli() {
    for (var candidate : List.of("/usr/local/bin/docker", "/usr/bin/docker")) {
      if (Files.isExecutable(Path.of(candidate))) return candidate;
    }
    throw new IllegalStateException(
        "no docker CLI at /usr/local/bin/docker or /usr/bin/docker: the baseline needs it");
  }

  /**
   * Milliseconds the docker CLI takes for {@code arguments}, its output discarded; fails if the
   * command fails.
   */
  static double timeCli(String host, String... arguments) throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of(dockerCli(), "-H", host));
    command.addAll(List.of(arguments));
    var errors = Files.createTempFile("drover-bench-cli", ".err");
    try {
      var started = System.nanoTime();
      var process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(errors.toFile())
              .start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish within 5 minutes");
      }
      var elapsed = (System.nanoTime() - started) / 1e6;
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed ("
                + process.exitValue()
                + "): "
                + Files.readString(errors).strip());
      }
      return elapsed;
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** Starts the JavaFX toolkit once for this JVM. */
  static void startFx() throws InterruptedException {
    var started = new CountDownLatch(1);
    Platform.startup(started::countDown);
    Platform.setImplicitExit(false);
    if (!started.await(60, TimeUnit.SECONDS))
      throw new IllegalStateException("the JavaFX toolkit did not start within 60 s");
  }

  /** Heap in use after full collections, in MiB. */
  static double heapAfterGcMiB() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      memory.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
  }

  /** Runs {@code work} on the FX thread and returns its result; its failure is rethrown here. */
  static <T> T onFx(Callable<T> work) throws Exception {
    var result = new CompletableFuture<T>();
    Platform.runLater(
        () -> {
          try {
            result.complete(work.call());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }

  static double median(List<Double> values) {
    var sorted = values.stream().sorted().toList();
    var mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static String format(List<Double> values) {
    return String.join(
        " ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
  }
}
