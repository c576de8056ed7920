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
import javafx.scene.layout.VBox;

import java.util.function.Function;

/** The Containers page: a live table of the engine's containers. */
public final class ContainersView extends VBox {

    public ContainersView(ContainersViewModel model) {
        var title = new Label("Containers");
        title.getStyleClass().add(Styles.TITLE_3);

        var table = new TableView<ContainerRow>(model.rowsProperty());
        table.setId("containers-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        var placeholder = new Label();
        placeholder.textProperty().bind(model.placeholderProperty());
        placeholder.getStyleClass().add(Styles.TEXT_MUTED);
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);

        var state = column("State", ContainerRow::state);
        state.setCellFactory(c -> new StateBadgeCell());
        table.getColumns().setAll(java.util.List.of(
                column("Name", ContainerRow::name),
                column("Image", ContainerRow::image),
                state,
                column("Status", ContainerRow::status),
                column("ID", ContainerRow::shortId)));
        VBox.setVgrow(table, Priority.ALWAYS);

        setSpacing(12);
        setPadding(new Insets(16));
        getChildren().addAll(title, table);
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
