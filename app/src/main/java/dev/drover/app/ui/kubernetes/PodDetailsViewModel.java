package dev.drover.app.ui.kubernetes;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.containers.logs.LogsTuning;
import dev.drover.app.ui.containers.logs.LogsViewModel;
import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.ResourceRow;
import dev.drover.kube.cluster.exec.PodShells;
import dev.drover.kube.cluster.logs.PodLogs;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A pod's details: its containers' logs (container picker, previous instance; the log view itself
 * brings follow, time stamps, search and the bounded buffer), its events, its YAML and a shell in
 * one of its containers.
 */
public final class PodDetailsViewModel implements AutoCloseable {

  private final Background background;
  private final ClusterConnection connection;
  private final ResourceRow pod;
  private final int logBufferLines;
  private final ObservableList<String> containers = FXCollections.observableArrayList();
  private final ObjectProperty<String> container = new SimpleObjectProperty<>(this, "container");
  private final BooleanProperty previous = new SimpleBooleanProperty(this, "previous", false);
  private final ReadOnlyObjectWrapper<LogsViewModel> logs =
      new ReadOnlyObjectWrapper<>(this, "logs");
  private final ObservableList<String> events = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final YamlViewModel yaml;
  private final PodShellViewModel shell;

  public PodDetailsViewModel(
      Background background,
      ClusterConnection connection,
      ResourceRow pod,
      YamlViewModel yaml,
      int logBufferLines) {
    this.background = background;
    this.connection = connection;
    this.pod = pod;
    this.yaml = yaml;
    this.logBufferLines = logBufferLines;
    this.shell =
        new PodShellViewModel(
            background,
            PodShellSessions.of(new PodShells(connection)),
            pod.namespace(),
            pod.name());
    container.addListener((obs, was, now) -> openLogs());
    previous.addListener((obs, was, now) -> openLogs());
  }

  /**
   * Reads the containers (then the first one's log starts), the events and the YAML, in the
   * background.
   */
  public void load() {
    background.run(
        () -> connection.containers(pod.namespace(), pod.name()),
        names -> {
          containers.setAll(names);
          if (!names.isEmpty() && container.get() == null) container.set(names.getLast());
        },
        failure -> message.set(failure.getMessage()));
    refreshEvents();
    yaml.load();
  }

  public void refreshEvents() {
    background.run(
        () -> connection.events(pod.namespace(), "Pod", pod.name()),
        found -> {
          events.setAll(found.isEmpty() ? List.of("No events for this pod.") : found);
        },
        failure -> events.setAll(failure.getMessage()));
  }

  private void openLogs() {
    var old = logs.get();
    if (old != null) old.close();
    var name = container.get();
    if (name == null) return;
    logs.set(
        new LogsViewModel(
            new PodContainerLogs(
                new PodLogs(connection), pod.namespace(), pod.name(), previous.get()),
            background,
            background.ui(),
            name,
            LogsTuning.defaults().withMaxLines(logBufferLines)));
  }

  public ResourceRow pod() {
    return pod;
  }

  public ObservableList<String> containers() {
    return containers;
  }

  public ObjectProperty<String> containerProperty() {
    return container;
  }

  /** On: the log of the container's previous instance (after a crash), which does not follow. */
  public BooleanProperty previousProperty() {
    return previous;
  }

  /** The log being shown; replaced when the container or "previous" changes. */
  public ReadOnlyObjectProperty<LogsViewModel> logsProperty() {
    return logs.getReadOnlyProperty();
  }

  public ObservableList<String> events() {
    return events;
  }

  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public YamlViewModel yaml() {
    return yaml;
  }

  /** A terminal on a shell in one of the pod's containers, opened when its tab is first shown. */
  public PodShellViewModel shell() {
    return shell;
  }

  @Override
  public void close() {
    shell.close();
    var open = logs.get();
    if (open != null) open.close();
  }
}
