package dev.drover.app.ui.vm;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.diagnostics.DiagnosticsBundle;
import dev.drover.vm.diagnostics.EngineLogReader;
import dev.drover.vm.diagnostics.LogFollower;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

/**
 * The VM part of Troubleshooting: the live console log and the hypervisor's log, each the newest
 * {@code maxLines} lines, followed only while the page is on screen; "Collect diagnostics"; and the
 * factory reset (through {@link VmControlViewModel}).
 */
public final class VmTroubleshootingViewModel implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(300);

  private final ReadOnlyListWrapper<String> console =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyListWrapper<String> hypervisorLog =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyListWrapper<String> engineLog =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final ReadOnlyStringWrapper engineLogProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper diagnosticsResult = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper collecting = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper memoryFootprint = new ReadOnlyStringWrapper("");
  private final Background background;
  private final DiagnosticsBundle diagnostics;
  private final Path consoleFile;
  private final EngineLogReader guestEngineLog;
  private final Supplier<Optional<EngineEndpoint>> runningEngine;
  private final List<Path> engineLogFiles;
  private final int maxLines;
  private LogFollower consoleFollower;
  private LogFollower engineFollower;

  /**
   * @param consoleFile the VM's console log (the guest's serial console, or WSL's session output)
   * @param engineLogFiles the hypervisor's and the VM owner's logs; the first that exists is
   *     followed
   * @param guestEngineLog reads the engine's log in the guest
   * @param runningEngine the VM's engine while it runs
   */
  public VmTroubleshootingViewModel(
      Background background,
      DiagnosticsBundle diagnostics,
      Path consoleFile,
      List<Path> engineLogFiles,
      int maxLines,
      EngineLogReader guestEngineLog,
      Supplier<Optional<EngineEndpoint>> runningEngine) {
    this.guestEngineLog = guestEngineLog;
    this.runningEngine = runningEngine;
    this.background = background;
    this.diagnostics = diagnostics;
    this.consoleFile = consoleFile;
    this.engineLogFiles = List.copyOf(engineLogFiles);
    this.maxLines = maxLines;
  }

  public ReadOnlyListProperty<String> consoleProperty() {
    return console.getReadOnlyProperty();
  }

  public ReadOnlyListProperty<String> hypervisorLogProperty() {
    return hypervisorLog.getReadOnlyProperty();
  }

  /** The engine's own log in the guest, as last loaded. */
  public ReadOnlyListProperty<String> engineLogProperty() {
    return engineLog.getReadOnlyProperty();
  }

  /** Why the engine's log could not be loaded; empty when it was. */
  public ReadOnlyStringProperty engineLogProblemProperty() {
    return engineLogProblem.getReadOnlyProperty();
  }

  /** Loads the newest lines of the engine's log from the running VM. */
  public void loadEngineLog() {
    var engine = runningEngine.get();
    if (engine.isEmpty()) {
      engineLogProblem.set("The engine's log is read from the running VM; start the VM first.");
      return;
    }
    engineLogProblem.set("Loading…");
    background.run(
        () -> guestEngineLog.tail(engine.get(), maxLines),
        lines -> {
          engineLogProblem.set("");
          engineLog.setAll(lines);
        },
        failure -> engineLogProblem.set(failure.getMessage()));
  }

  /** Where the last diagnostics zip went, or why it could not be written. */
  public ReadOnlyStringProperty diagnosticsResultProperty() {
    return diagnosticsResult.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty collectingProperty() {
    return collecting.getReadOnlyProperty();
  }

  /**
   * What the running VM holds of this computer's memory ("945 MiB (the hypervisor's resident
   * memory)"), as last measured by {@link #measureMemoryFootprint}.
   */
  public ReadOnlyStringProperty memoryFootprintProperty() {
    return memoryFootprint.getReadOnlyProperty();
  }

  /** Measures the VM's memory footprint again, off the UI thread. */
  public void measureMemoryFootprint() {
    background.run(
        diagnostics::describeMemoryFootprint,
        memoryFootprint::set,
        error -> memoryFootprint.set("not measured: " + error.getMessage()));
  }

  /** Starts following the logs (the page is shown). */
  public void follow() {
    if (consoleFollower != null) return;
    measureMemoryFootprint();
    console.clear();
    hypervisorLog.clear();
    consoleFollower =
        new LogFollower(
            consoleFile, maxLines, POLL, background.ui().batching(batch -> append(console, batch)));
    var engineFile =
        engineLogFiles.stream()
            .filter(Files::exists)
            .findFirst()
            .orElse(engineLogFiles.isEmpty() ? consoleFile : engineLogFiles.getFirst());
    engineFollower =
        new LogFollower(
            engineFile,
            maxLines,
            POLL,
            background.ui().batching(batch -> append(hypervisorLog, batch)));
  }

  /** Stops following (the page is hidden). */
  public void pause() {
    if (consoleFollower != null) consoleFollower.close();
    if (engineFollower != null) engineFollower.close();
    consoleFollower = null;
    engineFollower = null;
  }

  private void append(ObservableList<String> list, List<String> batch) {
    var overflow = list.size() + batch.size() - maxLines;
    if (overflow > 0) {
      if (overflow >= list.size()) {
        list.setAll(batch.subList(Math.max(0, batch.size() - maxLines), batch.size()));
        return;
      }
      list.remove(0, overflow);
    }
    list.addAll(batch);
  }

  /**
   * Writes the diagnostics zip (logs, settings, VM status; no keys or credentials) to {@code
   * target}.
   */
  public void collectDiagnostics(Path target) {
    collecting.set(true);
    diagnosticsResult.set("Collecting…");
    background.run(
        () -> diagnostics.writeTo(target),
        files -> {
          collecting.set(false);
          diagnosticsResult.set("Saved " + target + " (" + files.size() + " files)");
        },
        failure -> {
          collecting.set(false);
          diagnosticsResult.set(
              "Could not save "
                  + target
                  + ": "
                  + failure.getMessage()
                  + ". Choose another folder.");
        });
  }

  @Override
  public void close() {
    pause();
  }
}
