package dev.drover.app.ui.containers;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.Function;

/** The Containers page: a live table of the engine's containers. */
public final class ContainersView extends VBox {

    public ContainersView(ContainersViewModel model) {
        var title = new Label("Containers");
        title.getStyleClass().add(Styles.TITLE_3);

        // Until the engine first answers there is nothing to tabulate: the pane says what it is waiting for, and
        // the table, the heaviest control of the window, is built when it has something to show.
        var waiting = placeholder(model);
        var body = new StackPane(waiting);
        VBox.setVgrow(body, Priority.ALWAYS);
        Runnable showTable = () -> body.getChildren().setAll(table(model));
        if (model.engineAnsweredProperty().get()) showTable.run();
        else model.engineAnsweredProperty().addListener((obs, was, answered) -> {
            if (answered && body.getChildren().contains(waiting)) showTable.run();
        });

        setSpacing(12);
        setPadding(new Insets(16));
        getChildren().addAll(title, body);
    }

    private static TableView<ContainerRow> table(ContainersViewModel model) {
        var table = new TableView<ContainerRow>(model.rowsProperty());
        table.setId("containers-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(placeholder(model));
        var state = column("State", ContainerRow::state);
        state.setCellFactory(c -> new StateBadgeCell());
        table.getColumns().setAll(List.of(
                column("Name", ContainerRow::name),
                column("Image", ContainerRow::image),
                state,
                column("Status", ContainerRow::status),
                column("ID", ContainerRow::shortId)));
        return table;
    }

    private static Label placeholder(ContainersViewModel model) {
        var placeholder = new Label();
        placeholder.setId("containers-placeholder");
        placeholder.textProperty().bind(model.placeholderProperty());
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        placeholder.setWrapText(true);
        return placeholder;
    }

    private static TableColumn<ContainerRow, String> column(String header, Function<ContainerRow, String> value) {
        var column = new TableColumn<ContainerRow, String>(header);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    /** The state word as a coloured badge: green running, amber paused or restarting, grey otherwise. */
    private static final class StateBadgeCell extends TableCell<ContainerRow, String> {
        private final Label badge = new Label();

        @Override
        protected void updateItem(String state, boolean empty) {
            super.updateItem(state, empty);
            if (empty || state == null) {
                setGraphic(null);
                return;
            }
            badge.setText(state);
            badge.getStyleClass().setAll("label", "state-badge", switch (state) {
                case "running" -> Styles.SUCCESS;
                case "paused", "restarting", "removing" -> Styles.WARNING;
                case "dead" -> Styles.DANGER;
                default -> Styles.TEXT_MUTED;
            });
            setGraphic(badge);
        }
    }
}
