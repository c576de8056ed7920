package dev.drover.app.ui.volumes;

import static dev.drover.app.ui.shared.ListTable.column;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shared.ListTable;
import dev.drover.app.ui.shell.Confirm;
import dev.drover.app.ui.shell.Notes;
import dev.drover.app.ui.shell.WholeText;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Volumes page: a table of the engine's volumes with a toolbar to filter, create, remove and
 * prune.
 */
public final class VolumesView extends VBox {

  private final VolumesViewModel model;
  private final TableView<VolumeRow> table;

  /** Without file browsing. */
  public VolumesView(VolumesViewModel model) {
    this(model, null);
  }

  /**
   * @param browsers a browser for a volume's files, by volume name; null hides "Browse…"
   */
  public VolumesView(VolumesViewModel model, Function<String, VolumeBrowserViewModel> browsers) {
    this.model = model;
    var title = new Label("Volumes");
    title.getStyleClass().add(Styles.TITLE_3);

    var filter = new CustomTextField();
    filter.setId("volumes-filter");
    filter.setPromptText("Filter by name, driver or container");
    filter.setLeft(new FontIcon(Feather.SEARCH));
    filter.setPrefColumnCount(22);
    filter.textProperty().bindBidirectional(model.filterProperty());

    var name = new TextField();
    name.setId("volume-name");
    name.setPromptText("New volume name");
    name.setPrefColumnCount(16);
    name.textProperty().bindBidirectional(model.newNameProperty());
    name.setOnAction(e -> model.create());

    var create = new Button("Create", new FontIcon(Feather.PLUS));
    create.setId("volume-create");
    create.getStyleClass().add(Styles.ACCENT);
    create.disableProperty().bind(name.textProperty().isEmpty());
    create.setOnAction(e -> model.create());

    table = table(model);

    var remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
    remove.setId("volume-remove");
    remove.getStyleClass().add(Styles.DANGER);
    remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    remove.setOnAction(e -> confirmRemove());

    var prune = new Button("Prune unused", new FontIcon(Feather.SCISSORS));
    prune.setId("volumes-prune");
    prune.setOnAction(e -> confirmPrune());

    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    var browse = new Button("Browse…", new FontIcon(Feather.FOLDER));
    browse.setId("volume-browse");
    browse.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
    browse.setVisible(browsers != null);
    browse.setManaged(browsers != null);
    browse.setOnAction(
        e ->
            new VolumeBrowserDialog(
                    browsers.apply(table.getSelectionModel().getSelectedItem().name()),
                    getScene() == null ? null : getScene().getWindow())
                .show());

    WholeText.keep(create, browse, remove, prune);
    var toolbar =
        new HBox(
            8,
            filter,
            spacer,
            name,
            create,
            new Separator(Orientation.VERTICAL),
            browse,
            remove,
            prune);
    toolbar.setAlignment(Pos.CENTER_LEFT);

    VBox.setVgrow(table, Priority.ALWAYS);
    setSpacing(12);
    setPadding(new Insets(16));
    getChildren()
        .addAll(
            title,
            toolbar,
            Notes.note("volumes-message", model.messageProperty(), Styles.SUCCESS),
            Notes.note("volumes-error", model.errorProperty(), Styles.DANGER),
            table);
  }

  private void confirmRemove() {
    var row = table.getSelectionModel().getSelectedItem();
    if (row == null) return;
    var detail =
        row.inUse()
            ? "It is used by "
                + row.usedByText()
                + "; the engine keeps volumes that containers use."
            : "Its data (" + row.sizeText() + ") is deleted for good.";
    if (Confirm.ask(this, "Remove volume " + row.name() + "?", detail, "Remove", "confirm-remove"))
      model.remove(row);
  }

  private void confirmPrune() {
    if (Confirm.ask(
        this,
        "Remove every unused volume?",
        "Volumes that no container, running or stopped, mounts are deleted with their data.",
        "Prune",
        "confirm-prune")) {
      model.prune();
    }
  }

  private static TableView<VolumeRow> table(VolumesViewModel model) {
    var table =
        ListTable.style(
            ListTable.keepingSelection(model.rowsProperty(), VolumeRow::name),
            ListTable.placeholder(model.placeholderProperty()));
    table.setId("volumes-table");

    var size = new TableColumn<VolumeRow, Long>("Size");
    size.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().sizeBytes()));
    size.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(Long bytes, boolean empty) {
                super.updateItem(bytes, empty);
                setText(empty || bytes == null ? null : VolumeRow.sizeText(bytes));
              }
            });
    var usedBy = column("Used by", VolumeRow::usedByText);
    usedBy.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                var unused =
                    !empty
                        && getTableRow() != null
                        && getTableRow().getItem() != null
                        && !getTableRow().getItem().inUse();
                getStyleClass().remove(Styles.TEXT_MUTED);
                if (unused) getStyleClass().add(Styles.TEXT_MUTED);
              }
            });
    table
        .getColumns()
        .setAll(
            List.of(
                column("Name", VolumeRow::name),
                column("Driver", VolumeRow::driver),
                size,
                column("Created", VolumeRow::createdText),
                usedBy,
                column("Mountpoint", VolumeRow::mountpoint)));
    return table;
  }
}
