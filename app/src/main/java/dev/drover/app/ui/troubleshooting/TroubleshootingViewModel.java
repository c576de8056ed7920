package dev.drover.app.ui.troubleshooting;

import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Where things are, for a user or a bug report: the engine endpoint and why it was picked, and
 * Drover's files.
 */
public final class TroubleshootingViewModel implements EngineListener {

  private final ReadOnlyStringWrapper endpoint = new ReadOnlyStringWrapper("not resolved yet");
  private final String settingsFile;
  private final String logsFolder;
  private final UiDispatcher ui;

  public TroubleshootingViewModel(UiDispatcher ui, String settingsFile, String logsFolder) {
    this.ui = ui;
    this.settingsFile = settingsFile;
    this.logsFolder = logsFolder;
  }

  public ReadOnlyStringProperty endpointProperty() {
    return endpoint.getReadOnlyProperty();
  }

  public String settingsFile() {
    return settingsFile;
  }

  public String logsFolder() {
    return logsFolder;
  }

  @Override
  public void statusChanged(EngineStatus status) {
    if (status.endpoint() == null) return;
    var e = status.endpoint();
    var text =
        e.host()
            + " (chosen by "
            + switch (e.source()) {
              case DOCKER_HOST -> "the DOCKER_HOST variable";
              case CONTEXT -> "the Docker context \"" + e.name() + "\"";
              case PLATFORM_DEFAULT -> "the platform default";
              case EXPLICIT -> "Drover's settings";
              case VM ->
                  "Drover's VM, which is running (an engine named in Settings would take its place)";
            }
            + (e.tlsMaterial().isPresent() ? ", TLS with " + e.tlsMaterial().get() : "")
            + ")";
    ui.post(() -> endpoint.set(text));
  }

  @Override
  public void containersChanged(ContainerUpdate update) {
    // Not shown here.
  }
}
