package dev.drover.app.ui.tray;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.Notice;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.icons.IconState;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tray menu: the engine's state (which picks the icon), the engine, Kubernetes and window
 * commands, and quitting. Lives on the UI thread like every view model: the tray view hands its
 * clicks over to the UI thread, and engine and cluster work runs through {@link Background}.
 */
public final class TrayViewModel implements EngineListener {

  /** Asks before quitting while containers run; true means quit anyway. Called on the UI thread. */
  @FunctionalInterface
  public interface QuitQuestion {
    boolean quitAnyway(int runningContainers);
  }

  /** The app around the tray: its window and its lifetime. */
  public interface App {
    /**
     * Shows the window in front, on {@code page}, or on the page it had when {@code page} is null.
     */
    void show(Page page);

    /** Ends Drover. */
    void exit();
  }

  private static final Logger LOG = LoggerFactory.getLogger(TrayViewModel.class);
  private static final int MENU_LINE_LIMIT = 90;

  private final Background background;
  private final EngineControl engine;
  private final KubernetesControl kubernetes;
  private final IntSupplier runningContainers;
  private final QuitQuestion quitQuestion;
  private final App app;
  private final NoticesViewModel notices;

  private final ReadOnlyObjectWrapper<IconState> icon =
      new ReadOnlyObjectWrapper<>(IconState.STARTING);
  private final ReadOnlyStringWrapper engineLine =
      new ReadOnlyStringWrapper("Engine: looking for an engine…");
  private final ReadOnlyStringWrapper tooltip =
      new ReadOnlyStringWrapper("Drover: looking for an engine");
  private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper canStop = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper canRestart = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper restartText = new ReadOnlyStringWrapper();
  private final ReadOnlyObjectWrapper<KubernetesControl.Snapshot> cluster =
      new ReadOnlyObjectWrapper<>(
          new KubernetesControl.Snapshot(false, false, "…", List.of(), Optional.empty()));

  private EngineStatus status;
  private boolean stoppedOnPurpose;
  private String engineWork; // "Starting", "Stopping", "Restarting" while a command runs, else null
  private IconState logged;

  public TrayViewModel(
      Background background,
      EngineControl engine,
      KubernetesControl kubernetes,
      IntSupplier runningContainers,
      QuitQuestion quitQuestion,
      App app,
      NoticesViewModel notices) {
    this.background = background;
    this.engine = engine;
    this.kubernetes = kubernetes;
    this.runningContainers = runningContainers;
    this.quitQuestion = quitQuestion;
    this.app = app;
    this.notices = notices;
    restartText.set(engine.ownsEngine() ? "Restart engine" : "Reconnect to engine");
    refresh();
    reloadKubernetes();
  }

  public ReadOnlyObjectProperty<IconState> iconProperty() {
    return icon.getReadOnlyProperty();
  }

  /** The menu's status line, e.g. "Engine running: Docker 28.1 at unix:///var/run/docker.sock". */
  public ReadOnlyStringProperty engineLineProperty() {
    return engineLine.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty tooltipProperty() {
    return tooltip.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canStartProperty() {
    return canStart.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canStopProperty() {
    return canStop.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canRestartProperty() {
    return canRestart.getReadOnlyProperty();
  }

  /**
   * "Restart engine" for an engine Drover runs, "Reconnect to engine" for one it only connects to.
   */
  public ReadOnlyStringProperty restartTextProperty() {
    return restartText.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<KubernetesControl.Snapshot> kubernetesProperty() {
    return cluster.getReadOnlyProperty();
  }

  @Override
  public void statusChanged(EngineStatus next) {
    background
        .ui()
        .post(
            () -> {
              status = next;
              if (next instanceof EngineStatus.Connected) stoppedOnPurpose = false;
              refresh();
            });
  }

  @Override
  public void containersChanged(ContainerUpdate update) {
    // The tray shows the engine, not its containers; quitting counts them when it needs to.
  }

  public void openWindow() {
    app.show(null);
  }

  public void openPage(Page page) {
    app.show(page);
  }

  public void openPreferences() {
    app.show(Page.SETTINGS);
  }

  public void startEngine() {
    stoppedOnPurpose = false;
    runEngineCommand("Starting", "The engine could not be started", engine::start);
  }

  public void stopEngine() {
    stoppedOnPurpose = true;
    runEngineCommand("Stopping", "The engine could not be stopped", engine::stop);
  }

  public void restartEngine() {
    stoppedOnPurpose = false;
    runEngineCommand(
        engine.ownsEngine() ? "Restarting" : "Reconnecting",
        engine.ownsEngine() ? "The engine could not be restarted" : "Drover could not reconnect",
        engine::restart);
  }

  public void setKubernetesEnabled(boolean enabled) {
    runKubernetesCommand(
        () -> kubernetes.setEnabled(enabled),
        "Kubernetes could not be switched " + (enabled ? "on" : "off"));
  }

  public void useContext(String context) {
    runKubernetesCommand(
        () -> kubernetes.useContext(context), "Could not switch to context " + context);
  }

  /**
   * Reads the Kubernetes items again: after the cluster or the Settings switch changed. Any thread.
   */
  public void kubernetesChanged() {
    reloadKubernetes();
  }

  /**
   * Quits Drover, asking first while containers run (a VM engine stops with Drover, and its
   * containers with it). An engine Drover runs is stopped before the app exits; one it only
   * connects to is left as it is.
   */
  public void quit() {
    int running = runningContainers.getAsInt();
    if (running > 0 && !quitQuestion.quitAnyway(running)) return;
    if (!engine.ownsEngine()) {
      app.exit();
      return;
    }
    stoppedOnPurpose = true;
    engineWork = "Stopping";
    refresh();
    background.run(
        () -> {
          engine.stop();
          return null;
        },
        done -> app.exit(),
        failure -> {
          // Quitting must not be held hostage by an engine that will not stop; say so in the log
          // and go.
          LOG.warn("The engine did not stop cleanly while quitting: {}", failure.getMessage());
          app.exit();
        });
  }

  private void runEngineCommand(
      String work, String failureTitle, Background.ThrowingRunnable command) {
    engineWork = work;
    refresh();
    background.run(
        () -> {
          command.run();
          return null;
        },
        done -> {
          engineWork = null;
          refresh();
        },
        failure -> {
          engineWork = null;
          refresh();
          notices.report(new Notice(failureTitle, failure.getMessage()));
        });
  }

  // The snapshot is read after the command ends, so the menu shows where it landed (and undoes a
  // refused click).
  private void runKubernetesCommand(Background.ThrowingRunnable command, String failureTitle) {
    background.run(
        () -> {
          command.run();
          return null;
        },
        done -> reloadKubernetes(),
        failure -> {
          reportKubernetes(failureTitle, failure);
          reloadKubernetes();
        });
  }

  private void reloadKubernetes() {
    background.run(
        kubernetes::snapshot,
        cluster::set,
        failure ->
            cluster.set(
                new KubernetesControl.Snapshot(
                    false,
                    false,
                    "unknown: " + failure.getMessage(),
                    List.of(),
                    Optional.empty())));
  }

  private void reportKubernetes(String title, Exception failure) {
    notices.report(new Notice(title, failure.getMessage()));
  }

  private void refresh() {
    var state = state();
    icon.set(state);
    var line = line(state);
    engineLine.set(shorten(line));
    tooltip.set("Drover: " + line);
    boolean idle = engineWork == null;
    boolean owns = engine.ownsEngine();
    canStart.set(idle && owns && (state == IconState.STOPPED || state == IconState.ERROR));
    canStop.set(idle && owns && (state == IconState.RUNNING || state == IconState.STARTING));
    canRestart.set(idle && (!owns || state != IconState.STOPPED));
    if (state != logged) {
      // Once per change, not per event: the log tells when the engine came and went.
      LOG.info("Engine state {}: {}", state.fileName(), line);
      logged = state;
    }
  }

  private IconState state() {
    if (engineWork != null)
      return IconState.STARTING; // a change under way: amber until the engine says where it landed
    return switch (status) {
      case null -> IconState.STARTING;
      case EngineStatus.Connecting c -> IconState.STARTING;
      case EngineStatus.Connected c -> IconState.RUNNING;
      case EngineStatus.Unreachable u -> stoppedOnPurpose ? IconState.STOPPED : IconState.ERROR;
    };
  }

  private String line(IconState state) {
    if (engineWork != null) return engineWork + " the engine…";
    var where =
        status == null || status.endpoint() == null ? "the engine" : status.endpoint().describe();
    return switch (status) {
      case null -> "Looking for an engine…";
      case EngineStatus.Connecting c -> "Engine starting: connecting to " + where + "…";
      case EngineStatus.Connected c ->
          "Engine running: Docker " + c.engineVersion() + " at " + where;
      case EngineStatus.Unreachable u ->
          state == IconState.STOPPED ? "Engine stopped" : "Engine unreachable: " + u.reason();
    };
  }

  private static String shorten(String line) {
    return line.length() <= MENU_LINE_LIMIT ? line : line.substring(0, MENU_LINE_LIMIT - 1) + "…";
  }
}
