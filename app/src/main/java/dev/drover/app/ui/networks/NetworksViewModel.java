package dev.drover.app.ui.networks;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.CoalescedRead;
import dev.drover.app.ui.shared.CommandRunner;
import dev.drover.app.ui.shared.FilteredRows;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.ResourceKind;
import dev.drover.engine.networks.Cidr;
import dev.drover.engine.networks.NetworkService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Networks page: the engine's networks with their subnets and containers, and the commands on
 * them. The list (and the container names offered for connect and disconnect) is read again when
 * the engine reports a network change or a container arriving, renamed or removed (never polled)
 * and after each command; at most one read is in flight, and requests meanwhile collapse into one
 * more read when it ends.
 *
 * <p>All state lives on the UI thread; engine calls run through {@link Background}.
 */
public final class NetworksViewModel implements EngineListener {

  private final Networks networks;
  private final Background background;
  private final CommandRunner commands;
  private final FilteredRows<NetworkRow> shown;
  private final ReadOnlyListWrapper<String> containerNames =
      new ReadOnlyListWrapper<>(observableArrayList());
  private final StringProperty newName = new SimpleStringProperty(this, "newName", "");
  private final StringProperty newSubnet = new SimpleStringProperty(this, "newSubnet", "");
  private final CoalescedRead<Snapshot> listing;

  /** Container id to name, as the engine's container updates tell them; UI thread. */
  private final Map<String, String> knownNames = new HashMap<>();

  public NetworksViewModel(Networks networks, Background background) {
    this.networks = networks;
    this.background = background;
    this.commands =
        new CommandRunner(background, this, EngineException.class, IllegalArgumentException.class);
    this.shown = new FilteredRows<>(background, this, "network", NetworkRow::matches);
    this.listing =
        new CoalescedRead<>(
            background,
            () -> {
              var listing = networks.listing();
              return new Snapshot(
                  listing.networks().stream().map(NetworkRow::of).toList(),
                  listing.containerNames());
            },
            this::listed,
            this::listFailed);
  }

  /** The networks the filter lets through, sorted by name. */
  public ReadOnlyListProperty<NetworkRow> rowsProperty() {
    return shown.rowsProperty();
  }

  /** Every container's name, sorted: the choices for connect and disconnect. */
  public ReadOnlyListProperty<String> containerNamesProperty() {
    return containerNames.getReadOnlyProperty();
  }

  /** Text matched against name, driver, id, subnets and attached containers; empty shows all. */
  public StringProperty filterProperty() {
    return shown.filterProperty();
  }

  /** The name typed for a new network; cleared once it is created. */
  public StringProperty newNameProperty() {
    return newName;
  }

  /** The optional subnet (CIDR) typed for a new network; cleared once it is created. */
  public StringProperty newSubnetProperty() {
    return newSubnet;
  }

  /** Why the last command or list failed, in words a user can act on; empty when it did not. */
  public ReadOnlyStringProperty errorProperty() {
    return commands.errorProperty();
  }

  /** What the last command did; empty before any. */
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
    background
        .ui()
        .post(
            () -> {
              // A container that starts or stops joins or leaves its networks, which the engine
              // reports as network
              // events (resourcesChanged); only a container's arrival, rename or removal changes
              // the names offered.
              var names =
                  switch (update) {
                    case ContainerUpdate.Reset reset -> {
                      knownNames.clear();
                      reset.containers().forEach(c -> knownNames.put(c.id(), c.name()));
                      yield true;
                    }
                    case ContainerUpdate.Upsert upsert ->
                        !upsert
                            .container()
                            .name()
                            .equals(
                                knownNames.put(upsert.container().id(), upsert.container().name()));
                    case ContainerUpdate.Removed removed -> {
                      knownNames.remove(removed.id());
                      yield true;
                    }
                  };
              if (names) refresh();
            });
  }

  @Override
  public void resourcesChanged(Set<ResourceKind> kinds) {
    if (kinds.contains(ResourceKind.NETWORKS)) background.ui().post(this::refresh);
  }

  /**
   * Reads the list again; on the UI thread. A read already running is followed by exactly one more.
   */
  public void refresh() {
    listing.request();
  }

  /**
   * Creates a bridge network from {@link #newNameProperty()} and, when given, {@link
   * #newSubnetProperty()}.
   */
  public void create() {
    String name;
    String subnet;
    try {
      name = NetworkService.checkName(newName.get());
      var typed = newSubnet.get() == null ? "" : newSubnet.get().strip();
      subnet = typed.isEmpty() ? null : Cidr.check(typed);
    } catch (EngineException | IllegalArgumentException invalid) {
      fail(invalid);
      return;
    }
    command(
        () -> {
          networks.createBridge(name, subnet);
          return "Created network " + name + (subnet == null ? "." : " on " + subnet + ".");
        },
        () -> {
          newName.set("");
          newSubnet.set("");
        });
  }

  /**
   * Removes {@code row}'s network; built-in networks and networks with containers are refused,
   * saying why.
   */
  public void remove(NetworkRow row) {
    if (row == null) return;
    if (row.builtIn()) {
      fail(
          new EngineException(
              "Network " + row.name() + " is built into the engine and cannot be removed."));
      return;
    }
    command(
        () -> {
          networks.remove(row.id());
          return "Removed network " + row.name() + ".";
        },
        () -> {});
  }

  /** Attaches {@code container} (a name) to {@code row}'s network. */
  public void connect(NetworkRow row, String container) {
    if (!checkChoice(row, container)) return;
    command(
        () -> {
          networks.connect(row.id(), container);
          return "Connected " + container + " to " + row.name() + ".";
        },
        () -> {});
  }

  /** Detaches {@code container} (a name) from {@code row}'s network. */
  public void disconnect(NetworkRow row, String container) {
    if (!checkChoice(row, container)) return;
    command(
        () -> {
          networks.disconnect(row.id(), container);
          return "Disconnected " + container + " from " + row.name() + ".";
        },
        () -> {});
  }

  private boolean checkChoice(NetworkRow row, String container) {
    if (row == null) {
      fail(new EngineException("Select a network first."));
      return false;
    }
    if (container == null || container.isBlank()) {
      fail(new EngineException("Choose a container first."));
      return false;
    }
    return true;
  }

  private record Snapshot(List<NetworkRow> rows, List<String> containers) {}

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

  private void listed(Snapshot snapshot) {
    containerNames.setAll(snapshot.containers());
    commands.listed();
    shown.listed(snapshot.rows(), "No networks on this engine. Create one with the fields above.");
  }

  private void listFailed(Exception failure) {
    shown.listFailed(commands.listFailed(failure, "Listing networks"));
  }

  private void fail(Exception failure) {
    commands.fail(failure);
  }
}
