package dev.drover.app.ui.images;

import static dev.drover.app.ui.shared.ListTable.column;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.drover.app.ui.shared.ListTable;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import dev.drover.app.ui.time.Elapsed;
import dev.drover.app.ui.time.LiveTimeCell;
import dev.drover.app.ui.time.LiveTimes;
import java.time.Instant;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Images page: the engine's images, a pull field with per-layer progress, and remove, tag, push
 * and prune.
 */
public final class ImagesView extends VBox {

  private final ImagesViewModel model;
  private final TableView<ImageRow> table;

  public ImagesView(ImagesViewModel model) {
    this.model = model;
    var title = new Label("Images");
    title.getStyleClass().add(Styles.TITLE_3);

    table = table(model);
    VBox.setVgrow(table, Priority.ALWAYS);

    setSpacing(12);
    setPadding(new Insets(16));
    // The pull and push progress sits below the table: appearing, it takes room from the table's
    // bottom and
    // leaves the rows where they are, under the pointer.
    getChildren().addAll(title, toolbar(), selectionBar(), messages(), table, progressArea());
  }

  /**
   * Adds "Registries…" to the toolbar, opening the registry logins of {@code registries}; returns
   * this view.
   */
  public ImagesView withRegistries(RegistriesViewModel registries) {
    var button = new Button("Registries…", new FontIcon(Feather.KEY));
    button.setId("registries-button");
    WholeText.iconOnly(button, "Registries…: log in to a registry, or out");
    WholeText.keep(button);
    button.setOnAction(
        e ->
            new RegistriesDialog(registries, getScene() == null ? null : getScene().getWindow())
                .show());
    ((HBox) lookup("#pull-button").getParent()).getChildren().add(button);
    return this;
  }

  private HBox toolbar() {
    var filter = new TextField();
    filter.setId("images-filter");
    filter.setPromptText("Filter by name or ID");
    filter.textProperty().bindBidirectional(model.filterProperty());
    filter.setPrefColumnCount(16);

    var dangling = new ToggleButton("Dangling only");
    dangling.setId("images-dangling");
    dangling.selectedProperty().bindBidirectional(model.danglingOnlyProperty());

    var reference = new TextField();
    reference.setId("pull-reference");
    reference.setPromptText("Image to pull, e.g. nginx:1.27");
    reference.setPrefColumnCount(22);
    HBox.setHgrow(reference, Priority.SOMETIMES);

    var pull = new Button("Pull", new FontIcon(Feather.DOWNLOAD));
    pull.setId("pull-button");
    pull.getStyleClass().add(Styles.ACCENT);
    pull.setDefaultButton(false);
    pull.disableProperty().bind(model.pullingProperty().or(reference.textProperty().isEmpty()));
    pull.setOnAction(e -> model.pull(reference.getText()));
    reference.setOnAction(
        e -> {
          if (!pull.isDisabled()) model.pull(reference.getText());
        });

    var cancel = new Button("Cancel", new FontIcon(Feather.X));
    cancel.setId("pull-cancel");
    WholeText.iconOnly(cancel, "Cancel the pull");
    cancel.disableProperty().bind(model.pullingProperty().not());
    cancel.setOnAction(e -> model.cancelPull());

    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);

    var prune = new Button("Prune", new FontIcon(Feather.SCISSORS));
    prune.setId("images-prune");
    WholeText.iconOnly(prune, "Prune: remove dangling images");
    prune.setOnAction(
        e -> {
          if (confirm(
                  "Remove dangling images?",
                  "Every image without a name that no container uses will be removed from the engine.",
                  new ButtonType("Prune", ButtonBar.ButtonData.OK_DONE))
              != null) {
            model.prune();
          }
        });

    var bar = new HBox(8, filter, dangling, reference, pull, cancel, spacer, prune);
    var build = new Button("Build…", new FontIcon(Feather.PACKAGE));
    build.setId("build-button");
    build.setDisable(model.newBuild().isEmpty());
    build.setOnAction(
        e ->
            model
                .newBuild()
                .ifPresent(
                    m ->
                        new BuildImageDialog(m, getScene() == null ? null : getScene().getWindow())
                            .show()));
    bar.getChildren().add(bar.getChildren().indexOf(spacer), build);
    bar.setAlignment(Pos.CENTER_LEFT);
    WholeText.keep(dangling, pull, cancel, build, prune);
    return bar;
  }

  private HBox selectionBar() {
    var selected = table.getSelectionModel().selectedItemProperty();
    var nothing = selected.isNull();

    var remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
    remove.setId("images-remove");
    remove.getStyleClass().add(Styles.DANGER);
    remove.disableProperty().bind(nothing);
    remove.setOnAction(e -> askAndRemove(selected.get()));

    var tag = new Button("Tag…", new FontIcon(Feather.TAG));
    tag.setId("images-tag");
    tag.disableProperty().bind(nothing);
    tag.setOnAction(
        e -> {
          var row = selected.get();
          var dialog = new TextInputDialog(row.dangling() ? "" : row.repository() + ":");
          dialog.setTitle("Tag image");
          dialog.setHeaderText("New name for " + row.shortId());
          dialog.setContentText("repository:tag");
          dialog.initOwner(getScene() == null ? null : getScene().getWindow());
          dialog.showAndWait().ifPresent(name -> model.tag(row, name));
        });

    var push = new Button("Push", new FontIcon(Feather.UPLOAD));
    push.setId("images-push");
    push.disableProperty().bind(nothing.or(model.pullingProperty()));
    push.setOnAction(e -> model.push(selected.get()));

    var inspect = new Button("Inspect", new FontIcon(Feather.INFO));
    inspect.setId("images-inspect");
    inspect.disableProperty().bind(nothing);
    inspect.setOnAction(e -> model.inspect(selected.get()));
    model
        .detailsProperty()
        .addListener(
            (obs, was, json) -> {
              if (json == null || json.isEmpty()) return;
              var text = new TextArea(json);
              text.setEditable(false);
              text.getStyleClass().add(Styles.TEXT_SMALL);
              text.setPrefSize(700, 500);
              var alert = new Alert(Alert.AlertType.INFORMATION);
              alert.setTitle("Image details");
              alert.setHeaderText(null);
              alert.getDialogPane().setContent(text);
              alert.initOwner(getScene() == null ? null : getScene().getWindow());
              alert.show();
            });

    var history = new Button("History", new FontIcon(Feather.CLOCK));
    history.setId("images-history");
    history.disableProperty().bind(nothing);
    history.setOnAction(e -> model.history(selected.get()));

    WholeText.keep(remove, tag, push, inspect, history);
    var bar = new HBox(8, remove, tag, push, inspect, history);
    bar.setAlignment(Pos.CENTER_LEFT);
    return bar;
  }

  /** Asks first; for an image containers were created from, the only way on is "Force remove". */
  private void askAndRemove(ImageRow row) {
    var force = new ButtonType("Force remove", ButtonBar.ButtonData.OK_DONE);
    var plain = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
    var what =
        row.removeDeletesImage()
            ? "The image " + row.shortId() + " will be deleted from the engine."
            : "Only this name is removed; the image keeps its other names.";
    ButtonType answer;
    if (row.removeNeedsForce()) {
      answer =
          confirm(
              "Remove " + row.reference() + "?",
              what
                  + " It is used by "
                  + row.usedByText()
                  + " (running or stopped); forcing removes it anyway, and running containers keep working.",
              force);
    } else {
      answer = confirm("Remove " + row.reference() + "?", what, plain);
    }
    if (answer != null) model.remove(row, answer == force);
  }

  /**
   * Shows a confirmation with {@code action} and Cancel; returns the action, or null when
   * cancelled.
   */
  private ButtonType confirm(String header, String content, ButtonType action) {
    var alert = new Alert(Alert.AlertType.CONFIRMATION, content, action, ButtonType.CANCEL);
    alert.setTitle("Drover");
    alert.setHeaderText(header);
    alert.initOwner(getScene() == null ? null : getScene().getWindow());
    return alert.showAndWait().filter(b -> b == action).orElse(null);
  }

  private VBox messages() {
    var error = new Label();
    error.setId("images-error");
    error.getStyleClass().add(Styles.DANGER);
    error.setWrapText(true);
    error.textProperty().bind(model.errorProperty());
    error.visibleProperty().bind(model.errorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    error.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
    ErrorText.readable(error);

    var notice = new Label();
    notice.setId("images-notice");
    notice.getStyleClass().add(Styles.SUCCESS);
    notice.setWrapText(true);
    notice.textProperty().bind(model.noticeProperty());
    notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
    notice.managedProperty().bind(notice.visibleProperty());

    var box = new VBox(4, error, notice);
    box.managedProperty().bind(error.visibleProperty().or(notice.visibleProperty()));
    return box;
  }

  private VBox progressArea() {
    var bar = new ProgressBar();
    bar.setId("pull-progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(model.pullProgressProperty());

    var status = new Label();
    status.setId("pull-status");
    status.getStyleClass().add(Styles.TEXT_MUTED);
    status.textProperty().bind(model.pullStatusProperty());

    var layers = new ListView<LayerRow>(model.pullLayersProperty());
    layers.setId("pull-layers");
    layers.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
    layers.setPrefHeight(110);
    layers.visibleProperty().bind(Bindings.isNotEmpty(model.pullLayersProperty()));
    layers.managedProperty().bind(layers.visibleProperty());

    var area = new VBox(6, bar, status, layers);
    area.setId("pull-area");
    // Shown from the first pull on, so the outcome stays readable after it ends.
    area.visibleProperty()
        .bind(model.pullingProperty().or(model.pullStatusProperty().isNotEmpty()));
    area.managedProperty().bind(area.visibleProperty());
    return area;
  }

  private static TableView<ImageRow> table(ImagesViewModel model) {
    var placeholder = ListTable.placeholder(model.placeholderProperty());
    placeholder.setId("images-placeholder");
    var table = ListTable.style(new TableView<ImageRow>(model.rowsProperty()), placeholder);
    table.setId("images-table");

    var size = new TableColumn<ImageRow, Long>("Size");
    size.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().size()));
    size.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(Long bytes, boolean empty) {
                super.updateItem(bytes, empty);
                setText(empty || bytes == null ? null : ImageRow.humanBytes(bytes));
              }
            });
    var created = new TableColumn<ImageRow, Instant>("Created");
    created.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().created()));
    var times = LiveTimes.onFxThread();
    created.setCellFactory(c -> LiveTimeCell.of(times, Elapsed.AGO));
    var usedBy = new TableColumn<ImageRow, Integer>("In use by");
    usedBy.setCellValueFactory(
        cell -> new ReadOnlyObjectWrapper<>(cell.getValue().containersUsing()));
    usedBy.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(Integer count, boolean empty) {
                super.updateItem(count, empty);
                setText(
                    empty || getTableRow() == null || getTableRow().getItem() == null
                        ? null
                        : getTableRow().getItem().usedByText());
              }
            });
    var name = column("Repository:Tag", ImageRow::reference);
    name.setPrefWidth(420);
    var id = column("ID", ImageRow::shortId);
    id.setPrefWidth(130);
    size.setPrefWidth(100);
    created.setPrefWidth(130);
    usedBy.setPrefWidth(120);
    table.getColumns().setAll(List.of(name, id, size, created, usedBy));
    return table;
  }
}
