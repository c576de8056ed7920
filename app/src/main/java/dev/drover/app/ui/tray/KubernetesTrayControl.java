package dev.drover.app.ui.tray;

import dev.drover.app.ui.settings.ClusterState;
import dev.drover.kube.cluster.ClusterException;
import dev.drover.kube.cluster.KubeContext;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.config.KubeconfigMerger;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray's Kubernetes items: the on/off switch is the Settings choice, the state is the local
 * cluster's, and the context switcher does what Docker Desktop's does — it makes the context
 * kubectl's current one and shows it on the Kubernetes page.
 */
public final class KubernetesTrayControl implements KubernetesControl {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesTrayControl.class);

  private final ClusterState cluster;
  private final Kubeconfigs kubeconfigs;
  private final KubeconfigMerger kubectlConfig;
  private final Executor uiThread;
  private final Consumer<String> pageContext;

  /**
   * @param kubectlConfig writes kubectl's current context into the same files {@code kubeconfigs}
   *     reads
   * @param uiThread runs on the UI thread
   * @param pageContext shows a context on the Kubernetes page; called on the UI thread
   */
  public KubernetesTrayControl(
      ClusterState cluster,
      Kubeconfigs kubeconfigs,
      KubeconfigMerger kubectlConfig,
      Executor uiThread,
      Consumer<String> pageContext) {
    this.cluster = cluster;
    this.kubeconfigs = kubeconfigs;
    this.kubectlConfig = kubectlConfig;
    this.uiThread = uiThread;
    this.pageContext = pageContext;
  }

  @Override
  public Snapshot snapshot() {
    List<KubeContext> contexts;
    try {
      contexts = kubeconfigs.contexts();
    } catch (ClusterException e) {
      // A damaged kubeconfig must not take the on/off switch with it; the Kubernetes page says what
      // is wrong.
      LOG.warn("The tray cannot list Kubernetes contexts: {}", e.getMessage());
      contexts = List.of();
    }
    var current = contexts.stream().filter(KubeContext::current).map(KubeContext::name).findFirst();
    return new Snapshot(
        true,
        cluster.enabled(),
        cluster.text(),
        contexts.stream().map(KubeContext::name).toList(),
        current);
  }

  @Override
  public void setEnabled(boolean enabled) {
    cluster.setEnabled(enabled);
  }

  @Override
  public void useContext(String context) {
    kubectlConfig.useContext(context);
    uiThread.execute(() -> pageContext.accept(context));
  }
}
