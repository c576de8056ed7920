package dev.drover.app.ui.containers;

import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static javafx.collections.FXCollections.observableArrayList;

/**
 * The Containers page: the engine's containers, kept current from the engine watcher. Updates arrive on the
 * watcher's thread and are applied on the UI thread in batches, so a burst of events is one table change.
 */
public final class ContainersViewModel implements EngineListener {

    private final ReadOnlyListWrapper<ContainerRow> rows = new ReadOnlyListWrapper<>(observableArrayList());
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("Connecting to the engine…");
    private final ReadOnlyBooleanWrapper engineAnswered = new ReadOnlyBooleanWrapper(false);
    private final Map<String, ContainerRow> byId = new HashMap<>();
    private final Consumer<ContainerUpdate> updates;
    private final UiDispatcher ui;

    public ContainersViewModel(UiDispatcher ui) {
        this.ui = ui;
        this.updates = ui.batching(this::apply);
    }

    public ReadOnlyListProperty<ContainerRow> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** What the empty table says: why it is empty. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** False until the first connection attempt has an outcome: until then there is no list to show. */
    public ReadOnlyBooleanProperty engineAnsweredProperty() {
        return engineAnswered.getReadOnlyProperty();
    }

    @Override
    public void containersChanged(ContainerUpdate update) {
        updates.accept(update);
    }

    @Override
    public void statusChanged(EngineStatus status) {
        var text = switch (status) {
            case EngineStatus.Connecting c -> "Connecting to the engine…";
            case EngineStatus.Connected c -> "No containers on this engine yet. Start one with `docker run`.";
            case EngineStatus.Unreachable u -> "The engine is unreachable: " + u.reason();
        };
        var answered = !(status instanceof EngineStatus.Connecting);
        ui.post(() -> {
            placeholder.set(text);
            if (answered) engineAnswered.set(true);
        });
    }

    private void apply(List<ContainerUpdate> batch) {
        for (var update : batch) {
            switch (update) {
                case ContainerUpdate.Reset reset -> {
                    byId.clear();
                    reset.containers().forEach(c -> byId.put(c.id(), ContainerRow.of(c)));
                }
                case ContainerUpdate.Upsert upsert -> byId.put(upsert.container().id(), ContainerRow.of(upsert.container()));
                case ContainerUpdate.Removed removed -> byId.remove(removed.id());
            }
        }
        // One replacement per batch: the table re-renders once, whatever the batch held.
        rows.setAll(byId.values().stream().sorted(Comparator.comparing(ContainerRow::name)).toList());
    }
}
