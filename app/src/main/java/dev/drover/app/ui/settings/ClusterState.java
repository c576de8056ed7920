package dev.drover.app.ui.settings;

import dev.drover.app.kubernetes.LocalCluster;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.kube.k3s.K3sCluster;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether Kubernetes is on (the Settings choice) and what the local cluster is doing, readable from
 * any thread: the tray reads it off the UI thread, the status bar hears each change.
 *
 * <p>Build it on the UI thread: it follows the Settings page's switch, which lives there.
 */
public final class ClusterState {

  private final LocalCluster cluster;
  private final SettingsViewModel settings;
  private final UiDispatcher ui;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean enabled;

  public ClusterState(LocalCluster cluster, SettingsViewModel settings, UiDispatcher ui) {
    this.cluster = cluster;
    this.settings = settings;
    this.ui = ui;
    this.enabled = settings.kubernetesEnabledProperty().get();
    settings
        .kubernetesEnabledProperty()
        .addListener(
            (obs, was, on) -> {
              enabled = on;
              changed();
            });
    cluster.subscribe(this::changed);
  }

  /** Whether the user turned Kubernetes on. Any thread. */
  public boolean enabled() {
    return enabled;
  }

  /** Turns Kubernetes on or off in Settings (which saves it). Any thread. */
  public void setEnabled(boolean on) {
    enabled = on;
    ui.post(() -> settings.kubernetesEnabledProperty().set(on));
  }

  /** The state in a few words, e.g. "running (v1.33.1+k3s1)" or "off". Any thread. */
  public String text() {
    return describe(enabled, cluster.status());
  }

  /**
   * {@code changed} runs, on any thread, after the switch or the cluster changed, until the result
   * is closed.
   */
  public AutoCloseable subscribe(Runnable changed) {
    listeners.add(changed);
    return () -> listeners.remove(changed);
  }

  static String describe(boolean enabled, Optional<K3sCluster.Status> status) {
    if (status.isEmpty()) return enabled ? "on — starts with the Drover VM" : "off";
    var now = status.get();
    return switch (now.state()) {
      case RUNNING -> "running" + now.version().map(version -> " (" + version + ")").orElse("");
      case STARTING -> "starting: " + now.detail();
      case FAILED -> "failed: " + now.detail();
      case STOPPED -> enabled ? "stopped" : "off";
    };
  }

  private void changed() {
    for (var listener : listeners) listener.run();
  }
}
