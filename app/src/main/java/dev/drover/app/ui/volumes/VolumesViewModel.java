package dev.drover.app.ui.volumes;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.CoalescedRead;
import dev.drover.app.ui.shared.CommandRunner;
import dev.drover.app.ui.shared.FilteredRows;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.ResourceKind;
import dev.drover.engine.volumes.PruneResult;
import dev.drover.engine.volumes.VolumeService;
import dev.drover.engine.volumes.VolumeSummary;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Volumes page: the engine's volumes with their size and users, and the commands on them. The
 * list is read again when the engine reports a volume or container change (never polled), after
 * each command, and at most one read is in flight: requests meanwhile collapse into one more read
 * when it ends.
 *
 * <p>All state lives on the UI thread; engine calls run through {@link Background}.
 */
public final class VolumesViewModel implements EngineListener {

  private final Volumes volumes;
  private final Background background;
  private final CommandRunner commands;
  private final FilteredRows<VolumeRow> shown;
  private final StringProperty newName = new SimpleStringProperty(this, "newName", "");
  private final CoalescedRead<List<VolumeSummary>> listing;

  public VolumesViewModel(Volumes volumes, Background background) {
    this.volumes = volumes;
    this.background = background;
    this.commands = new CommandRunner(background, this, EngineException.class);
    this.shown = new FilteredRows<>(background, this, "volume", VolumeRow::matches);
    this.listing = new CoalescedRead<>(background, volumes::list, this::listed, this::listFailed);
  }

  /** The volumes the filter lets through, sorted by name. */
  public ReadOnlyListProperty<VolumeRow> rowsProperty() {
    return shown.rowsProperty();
  }

  /** Text matched against name, driver and the containers using a volume; empty shows all. */
  public StringProperty filterProperty() {
    return shown.filterProperty();
  }

  /** The name typed for a new volume; cleared once it is created. */
  public StringProperty newNameProperty() {
    return newName;
  }

  /** Why the last command or list failed, in words a user can act on; empty when it did not. */
  public ReadOnlyStringProperty errorProperty() {
    return commands.errorProperty();
  }

  /** What the last command did ("Removed volume pgdata."); empty before any. */
  public ReadOnlyStringProperty messageProperty() {
    return commands.messageProperty();
  }

  /** What the empty table says. */
  public ReadOnlyStringProperty placeholderProperty() {
    return shown.placeholderProperty();
  }

  @Override
  public void statusChanged(EngineStatus status) {
    shown.engineStatusChanged(status);
  }

  @Override
  public void containersChanged(ContainerUpdate update) {
    // Which containers mount which volume may have changed.
    background.ui().post(this::refresh);
  }

  @Override
  public void resourcesChanged(Set<ResourceKind> kinds) {
    if (kinds.contains(ResourceKind.VOLUMES)) background.ui().post(this::refresh);
  }

  /**
   * Reads the list again; on the UI thread. A read already running is followed by exactly one more.
   */
  public void refresh() {
    listing.request();
  }

  /** Creates a volume named {@link #newNameProperty()}. */
  public void create() {
    String name;
    try {
      name = VolumeService.checkName(newName.get());
    } catch (EngineException invalid) {
      fail(invalid);
      return;
    }
    command(
        () -> {
          volumes.create(name);
          return "Created volume " + name + ".";
        },
        () -> newName.set(""));
  }

  /**
   * Removes {@code row}'s volume; the engine refuses one in use, and so do we, naming the
   * containers.
   */
  public void remove(VolumeRow row) {
    if (row == null) return;
    command(
        () -> {
          volumes.remove(row.name());
          return "Removed volume " + row.name() + ".";
        },
        () -> {});
  }

  /** Removes every volume no container uses. */
  public void prune() {
    command(() -> pruned(volumes.prune()), () -> {});
  }

  static String pruned(PruneResult result) {
    if (result.count() == 0) return "No unused volumes to remove.";
    return "Removed "
        + result.count()
        + (result.count() == 1 ? " unused volume" : " unused volumes")
        + ", "
        + VolumeRow.sizeText(result.reclaimedBytes())
        + " reclaimed.";
  }

  /**
   * Runs {@code work} off the UI thread; on success shows what it did, runs {@code then} and lists
   * again.
   */
  private void command(Callable<String> work, Runnable then) {
    commands.run(
        work,
        () -> {
          then.run();
          refresh();
        });
  }

  private void listed(List<VolumeSummary> listedVolumes) {
    commands.listed();
    shown.listed(
        listedVolumes.stream().map(VolumeRow::of).toList(),
        "No volumes on this engine. Create one with the name field above.");
  }

  private void listFailed(Exception failure) {
    shown.listFailed(commands.listFailed(failure, "Listing volumes"));
  }

  private void fail(Exception failure) {
    commands.fail(failure);
  }
}
