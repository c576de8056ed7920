package dev.drover.app.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineStatus;
import dev.drover.kube.cluster.ClusterConnector;
import dev.drover.kube.cluster.Kubeconfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up on workers that run it at once, on the calling thread. */
class KubernetesWarmUpTest {

  @TempDir Path home;

  @Test
  void warmsUpOnceOnItsWorkersAfterTheEnginesFirstAnswer() throws Exception {
    var config =
        Files.writeString(
            home.resolve("config"),
            """
            apiVersion: v1
            kind: Config
            current-context: shop
            clusters:
            - {name: shop, cluster: {server: "https://127.0.0.1:1"}}
            users:
            - {name: tester, user: {token: t}}
            contexts:
            - {name: shop, context: {cluster: shop, user: tester}}
            """);
    var runs = new AtomicInteger();
    try (var connector = new ClusterConnector()) {
      var warmUp =
          new KubernetesWarmUp(
              connector,
              new Kubeconfigs(List.of(config)),
              work -> {
                runs.incrementAndGet();
                work.run();
              });

      warmUp.containersChanged(new ContainerUpdate.Reset(List.of()));
      warmUp.statusChanged(new EngineStatus.Unreachable(null, "the engine went away"));

      assertThat(runs).hasValue(1);
      assertThat(warmUp.finished().toCompletableFuture()).isCompleted();
    }
  }

  @Test
  void anUnreadableKubeconfigEndsTheWarmUpQuietly() throws Exception {
    var config = Files.writeString(home.resolve("config"), "contexts: [not: {a: kubeconfig");
    try (var connector = new ClusterConnector()) {
      var warmUp = new KubernetesWarmUp(connector, new Kubeconfigs(List.of(config)), Runnable::run);

      warmUp.statusChanged(new EngineStatus.Unreachable(null, "the engine went away"));

      assertThat(warmUp.finished().toCompletableFuture()).isCompleted();
    }
  }
}
