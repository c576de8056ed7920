package dev.drover.app.kubernetes;

import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.kube.cluster.ClusterConnector;
import dev.drover.kube.cluster.KubeContext;
import dev.drover.kube.cluster.Kubeconfigs;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warms the cluster connector once the app's start-up work is done: after the engine's first
 * container list (or its first failure to give one), and only for a user with a kubeconfig. Opening
 * the Kubernetes page then finds the current context's client made and parses its first list with a
 * mapper that is ready, instead of building both while the user waits (no request reaches the
 * cluster before the page asks); before this, nothing of Fabric8 is loaded, so the start-up the
 * user sees (the first frame, the containers table) is untouched.
 */
public final class KubernetesWarmUp implements EngineListener {

  /** Lets the containers table take the list it just got before the warm-up takes a core. */
  private static final long AFTER_LIST_MS = 250;

  private final ClusterConnector connector;
  private final Kubeconfigs kubeconfigs;
  private final Executor workers;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();

  /**
   * @param workers runs the warm-up, off the watcher's thread that tells when to start it
   */
  public KubernetesWarmUp(ClusterConnector connector, Kubeconfigs kubeconfigs, Executor workers) {
    this.connector = connector;
    this.kubeconfigs = kubeconfigs;
    this.workers = workers;
  }

  @Override
  public void statusChanged(EngineStatus status) {
    if (status instanceof EngineStatus.Unreachable) start();
  }

  @Override
  public void containersChanged(ContainerUpdate update) {
    if (update instanceof ContainerUpdate.Reset) start();
  }

  private void start() {
    if (!started.compareAndSet(false, true)) return;
    workers.execute(this::warmUp);
  }

  private void warmUp() {
    try {
      Thread.sleep(AFTER_LIST_MS);
      if (kubeconfigs.files().stream().noneMatch(Files::isRegularFile)) return;
      connector.warmUp();
      // The page opens kubectl's current context first: its client is made now, without
      // asking the cluster.
      kubeconfigs.contexts().stream()
          .filter(KubeContext::current)
          .findFirst()
          .ifPresent(connector::prepare);
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException failure) {
      // Only a head start is lost: the page builds the mapper and its client itself when it
      // opens.
    } finally {
      finished.complete(null);
    }
  }

  /**
   * Completes when the warm-up has ended (done, skipped or failed); for benchmarks that time the
   * page after it.
   */
  public CompletionStage<Void> finished() {
    return finished;
  }
}
