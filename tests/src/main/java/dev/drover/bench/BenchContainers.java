package dev.drover.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The created (never started) busybox containers a benchmark fills the engine with, named {@code
 * drover-bench-<i>-<run>} and labelled {@code dev.drover.bench=<run>}, so that they are removed by
 * their label at the end whatever happened in between.
 */
final class BenchContainers {

  static final String LABEL = "dev.drover.bench";
  private static final int ENGINE_WORKERS = 8;

  private BenchContainers() {}

  /** Creates {@code count} containers of this run; their ids in order. */
  static List<String> create(DockerClient docker, int count, String runId) throws Exception {
    var ids = new String[count];
    var next = new AtomicInteger();
    runOnWorkers(
        () -> {
          for (int i; (i = next.getAndIncrement()) < count; ) {
            ids[i] =
                docker
                    .createContainerCmd(BenchEngine.BUSYBOX)
                    .withName("drover-bench-" + i + "-" + runId)
                    .withLabels(Map.of(LABEL, runId))
                    .withCmd("sleep", "3600")
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec()
                    .getId();
          }
          return null;
        });
    return List.of(ids);
  }

  /**
   * Removes every container carrying this run's label; false (with the leftovers named) when some
   * remain.
   */
  static boolean remove(DockerClient docker, String runId) {
    try {
      var mine =
          docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, runId)).exec();
      var next = new AtomicInteger();
      var failures = new ConcurrentHashMap<String, String>();
      runOnWorkers(
          () -> {
            for (int i; (i = next.getAndIncrement()) < mine.size(); ) {
              var id = mine.get(i).getId();
              try {
                docker.removeContainerCmd(id).withForce(true).exec();
              } catch (NotFoundException gone) {
                // Already gone: nothing to do.
              } catch (RuntimeException e) {
                failures.put(id, String.valueOf(e.getMessage()));
              }
            }
            return null;
          });
      if (failures.isEmpty()) {
        System.out.println(
            "clean-up: removed " + mine.size() + " containers labelled " + LABEL + "=" + runId);
        return true;
      }
      System.err.println(
          "clean-up: could not remove "
              + failures.size()
              + " containers "
              + failures
              + "; remove them with: docker rm -f $(docker ps -aq --filter label="
              + LABEL
              + "="
              + runId
              + ")");
      return false;
    } catch (Exception e) {
      System.err.println(
          "clean-up failed: "
              + e
              + "; remove what is left with: docker rm -f $(docker ps -aq --filter label="
              + LABEL
              + "="
              + runId
              + ")");
      return false;
    }
  }

  /**
   * Runs {@code work} on a few virtual threads at once and waits for all; the first failure is
   * rethrown.
   */
  private static void runOnWorkers(Callable<Void> work) throws Exception {
    var futures = new ArrayList<Future<Void>>();
    try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < ENGINE_WORKERS; i++) futures.add(workers.submit(work));
    }
    for (var future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) throw cause;
        throw e;
      }
    }
  }
}
