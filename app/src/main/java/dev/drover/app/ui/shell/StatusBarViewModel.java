package dev.drover.app.ui.shell;

import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The status bar: which engine the app talks to and whether it answers, and the local cluster's
 * state, live.
 */
public final class StatusBarViewModel implements EngineListener {

  public enum Health {
    CONNECTING,
    CONNECTED,
    UNREACHABLE
  }

  private final ReadOnlyObjectWrapper<Health> health =
      new ReadOnlyObjectWrapper<>(Health.CONNECTING);
  private final ReadOnlyStringWrapper engineText =
      new ReadOnlyStringWrapper("Looking for an engine…");
  private final ReadOnlyStringWrapper clusterText = new ReadOnlyStringWrapper("");
  private final AtomicReference<String> pendingClusterText = new AtomicReference<>();
  private final UiDispatcher ui;
  private final Runnable reconnect;

  /**
   * @param reconnect asks the engine watcher to try again now
   */
  public StatusBarViewModel(UiDispatcher ui, Runnable reconnect) {
    this.ui = ui;
    this.reconnect = reconnect;
  }

  public ReadOnlyObjectProperty<Health> healthProperty() {
    return health.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty engineTextProperty() {
    return engineText.getReadOnlyProperty();
  }

  /**
   * The local Kubernetes cluster's state, e.g. "Kubernetes: running (v1.33.1+k3s1)"; empty hides
   * it.
   */
  public ReadOnlyStringProperty clusterTextProperty() {
    return clusterText.getReadOnlyProperty();
  }

  /**
   * The cluster's state changed; any thread. Changes arriving before the UI thread gets to the
   * first are one update with the last state.
   */
  public void clusterChanged(String state) {
    if (pendingClusterText.getAndSet("Kubernetes: " + state) == null) {
      ui.post(() -> clusterText.set(pendingClusterText.getAndSet(null)));
    }
  }

  public void reconnect() {
    reconnect.run();
  }

  @Override
  public void statusChanged(EngineStatus status) {
    var where = status.endpoint() == null ? "the engine" : status.endpoint().describe();
    var text =
        switch (status) {
          case EngineStatus.Connecting c -> "Connecting to " + where + "…";
          case EngineStatus.Connected c ->
              "Connected to " + where + " · Engine " + c.engineVersion();
          case EngineStatus.Unreachable u -> "Unreachable: " + u.reason();
        };
    var next =
        switch (status) {
          case EngineStatus.Connecting c -> Health.CONNECTING;
          case EngineStatus.Connected c -> Health.CONNECTED;
          case EngineStatus.Unreachable u -> Health.UNREACHABLE;
        };
    ui.post(
        () -> {
          engineText.set(text);
          health.set(next);
        });
  }

  @Override
  public void containersChanged(ContainerUpdate update) {
    // The status bar shows the connection only.
  }
}
