package dev.drover.app.ui.networks;

import static dev.drover.app.ui.shared.ListTable.column;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shared.ListTable;
import dev.drover.app.ui.shell.Confirm;
import dev.drover.app.ui.shell.Notes;
import dev.drover.app.ui.shell.WholeText;
import java.util.Comparator;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Networks page: a table of the engine's networks, a toolbar to filter, create and remove, and
 * a row to connect or disconnect a container chosen by name.
 */
public final class NetworksView extends VBox {

  /**
   * Names a tooltip lists before it says how many more: a tooltip taller than the screen cannot be
   * read either.
   */
  private static final int CONTAINERS_IN_TOOLTIP = 30;

  private final NetworksViewModel model;
  private final TableView<NetworkRow> table;

  public NetworksView(NetworksViewModel model) {
    this.model = model;
    var title = new Label("Networks");
    title.getStyleClass().add(Styles.TITLE_3);

    var filter = new CustomTextField();
    filter.setId("networks-filter");
    filter.setPromptText("Filter by name, subnet or container");
    filter.setLeft(new FontIcon(Feather.SEARCH));
    filter.setPrefColumnCount(22);
    filter.textProperty().bindBidirectional(model.filterProperty());

    var name = new TextField();
    name.setId("network-name");
    name.setPromptText("New network name");
    name.setPrefColumnCount(14);
    name.textProperty().bindBidirectional(model.newNameProperty());
    name.setOnAction(e -> model.create());

    var subnet = new TextField();
    subnet.setId("network-subnet");
    subnet.setPromptText("Subnet (optional)");
    subnet.setTooltip(
        new Tooltip(
            "A subnet in CIDR form, e.g. 172.30.0.0/16. Leave empty to let the engine choose."));
    subnet.setPrefColumnCount(14);
    subnet.textProperty().bindBidirectional(model.newSubnetProperty());
    subnet.setOnAction(e -> model.create());

    var create = new Button("Create", new FontIcon(Feather.PLUS));
    create.setId("network-create");
    create.getStyleClass().add(Styles.ACCENT);
    create.disableProperty().bind(name.textProperty().isEmpty());
    create.setOnAction(e -> model.create());

    table = table(model);
    var selected = table.getSelectionModel().selectedItemProperty();

    var remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
    remove.setId("network-remove");
    remove.getStyleClass().add(Styles.DANGER);
    remove
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> selected.get() == null || selected.get().builtIn(), selected));
    remove.setOnAction(e -> confirmRemove());

    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    WholeText.keep(create, remove);
    var toolbar =
        new HBox(
            8, filter, spacer, name, subnet, create, new Separator(Orientation.VERTICAL), remove);
    toolbar.setAlignment(Pos.CENTER_LEFT);

    var container = new ComboBox<>(model.containerNamesProperty());
    container.setId("network-container");
    container.setPromptText("Container");
    container.setPrefWidth(220);
    var noChoice =
        Bindings.createBooleanBinding(
            () -> selected.get() == null || container.getValue() == null,
            selected,
            container.valueProperty());
    var connect = new Button("Connect", new FontIcon(Feather.LINK));
    connect.setId("network-connect");
    connect.disableProperty().bind(noChoice);
    connect.setOnAction(e -> model.connect(selected.get(), container.getValue()));
    var disconnect = new Button("Disconnect", new FontIcon(Feather.X));
    disconnect.setId("network-disconnect");
    disconnect.disableProperty().bind(noChoice);
    disconnect.setOnAction(e -> model.disconnect(selected.get(), container.getValue()));
    var hint = new Label("to or from the selected network");
    hint.getStyleClass().add(Styles.TEXT_MUTED);
    var containerLabel = new Label("Container");
    WholeText.keep(containerLabel, connect, disconnect);
    hint.setWrapText(true);
    var attach = new HBox(8, containerLabel, container, connect, disconnect, hint);
    attach.setAlignment(Pos.CENTER_LEFT);

    VBox.setVgrow(table, Priority.ALWAYS);
    setSpacing(12);
    setPadding(new Insets(16));
    getChildren()
        .addAll(
            title,
            toolbar,
            attach,
            Notes.note("networks-message", model.messageProperty(), Styles.SUCCESS),
            Notes.note("networks-error", model.errorProperty(), Styles.DANGER),
            table);
  }

  private void confirmRemove() {
    var row = table.getSelectionModel().getSelectedItem();
    if (row == null) return;
    var detail =
        row.containers().isEmpty()
            ? "No container is attached to it."
            : "Attached: "
                + (row.containers().size() <= CONTAINERS_IN_TOOLTIP
                    ? row.containersText()
                    : row.containers().size() + " containers")
                + ". The engine keeps networks that containers use.";
    if (Confirm.ask(this, "Remove network " + row.name() + "?", detail, "Remove", "confirm-remove"))
      model.remove(row);
  }

  private static TableView<NetworkRow> table(NetworksViewModel model) {
    var table =
        ListTable.style(
            ListTable.keepingSelection(model.rowsProperty(), NetworkRow::id),
            ListTable.placeholder(model.placeholderProperty()));
    table.setId("networks-table");

    var name = column("Name", NetworkRow::name);
    name.setCellFactory(
        c ->
            new TableCell<>() {
              private final Label badge = new Label("built-in");

              {
                badge.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
              }

              @Override
              protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                var row = getTableRow() == null ? null : getTableRow().getItem();
                setGraphic(!empty && row != null && row.builtIn() ? badge : null);
                setContentDisplay(ContentDisplay.RIGHT);
              }
            });
    table
        .getColumns()
        .setAll(
            List.of(
                name,
                column("Driver", NetworkRow::driver),
                column("Scope", NetworkRow::scope),
                column("Subnets", NetworkRow::subnetsText),
                containersColumn(),
                column("ID", NetworkRow::shortId)));
    return table;
  }

  /**
   * How many containers are attached, with their names on hover: a network with a thousand
   * containers makes a cell a user cannot read to the end. Sorted by the count.
   */
  private static TableColumn<NetworkRow, NetworkRow> containersColumn() {
    var column = new TableColumn<NetworkRow, NetworkRow>("Containers");
    column.setId("networks-column-containers");
    column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
    column.setComparator(Comparator.comparingInt(row -> row.containers().size()));
    column.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(NetworkRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.containersCount());
                setTooltip(
                    empty || row == null || row.containers().isEmpty()
                        ? null
                        : new Tooltip(row.containersList(CONTAINERS_IN_TOOLTIP)));
              }
            });
    return column;
  }
}
