package dev.drover.app.kubernetes;

import dev.drover.app.settings.KubernetesSettings;
import dev.drover.kube.k3s.K3sCluster;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps k3s in the VM in line with the Settings switch: enabled when the VM runs and Kubernetes is
 * on (also when the VM starts later, or the version or Traefik choice changes), disabled when the
 * switch goes off. The engine is never touched. k3s that the {@code drover} command enabled while
 * the switch is off is left alone (no disable, no second forward); with the switch on, enabling
 * replaces the command's forward of the API by the app's, on the same preferred port. Work runs one
 * operation at a time on its own virtual thread; failures are in the cluster's status (the status
 * bar and tray show them), so nothing is thrown at callers.
 */
public final class KubernetesInVm implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesInVm.class);

  private final K3sCluster cluster;
  private final Function<KubernetesSettings, K3sCluster.Options> options;
  private final ExecutorService work =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("k3s").factory());
  private volatile KubernetesSettings wanted;
  private volatile boolean vmRunning;

  /**
   * The options k3s was last started with in this VM boot; empty when it is not meant to run. Work
   * thread only.
   */
  private Optional<KubernetesSettings> applied = Optional.empty();

  /**
   * @param options turns the Settings choice into k3s options; may block (it resolves "recommended"
   *     to the stable channel's version), called on the work thread
   */
  public KubernetesInVm(
      K3sCluster cluster,
      KubernetesSettings initial,
      Function<KubernetesSettings, K3sCluster.Options> options) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.wanted = Objects.requireNonNull(initial, "initial");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The Settings changed (switch, version or Traefik). Any thread. */
  public void settingsChanged(KubernetesSettings next) {
    wanted = next;
    work.execute(this::apply);
  }

  /** The VM started running, or stopped. Any thread. */
  public void vmRunning(boolean running) {
    if (running == vmRunning) return;
    vmRunning = running;
    work.execute(this::apply);
  }

  /** The options from the current Settings, for a reset. Blocks like {@code options}. */
  public K3sCluster.Options options() {
    return options.apply(wanted);
  }

  private void apply() {
    var now = wanted;
    try {
      if (!vmRunning) {
        // k3s and its API's forward went with the VM; the cluster only forgets the forward.
        cluster.close();
        applied = Optional.empty();
      } else if (now.enabled()) {
        if (applied.isPresent() && applied.get().equals(now)) return;
        applied = Optional.of(now);
        cluster.enable(options.apply(now), K3sCluster.Progress.none());
      } else if (applied.isPresent() || cluster.current().state() != K3sCluster.State.STOPPED) {
        applied = Optional.empty();
        cluster.disable();
      }
    } catch (RuntimeException e) {
      // The cluster's status carries the message for the user (FAILED); a later change tries again.
      applied = Optional.empty();
      LOG.warn("Kubernetes in the VM: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    work.shutdownNow();
    cluster.close();
  }
}
