package dev.drover.app.ui.containerd;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shared.ListTable;
import dev.drover.app.ui.shared.StateBadge;
import dev.drover.app.ui.shell.Confirm;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import dev.drover.app.ui.time.Elapsed;
import dev.drover.app.ui.time.LiveTimeCell;
import dev.drover.app.ui.time.LiveTimes;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The containerd page: the VM's containerd when it runs without dockerd. A namespace choice, a
 * filter, and two tables (containers with start, stop and remove; images with remove), or, without
 * containerd, why not.
 */
public final class ContainerdView extends VBox {

  private final ContainerdViewModel model;
  private final LiveTimes times = LiveTimes.onFxThread();
  private boolean showingModelsNamespaces;

  public ContainerdView(ContainerdViewModel model) {
    this.model = model;
    var title = new Label("containerd");
    title.getStyleClass().add(Styles.TITLE_3);

    var notice = new Message("containerd", "", new FontIcon(Feather.INFO));
    notice.setId("containerd-notice");
    notice.getStyleClass().add(Styles.WARNING);
    notice.descriptionProperty().bind(model.noticeProperty());
    notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
    notice.managedProperty().bind(notice.visibleProperty());

    var filter = new TextField();
    filter.setId("containerd-filter");
    filter.setPromptText("Filter by name, id, image, state or namespace");
    filter.textProperty().bindBidirectional(model.filterTextProperty());
    HBox.setHgrow(filter, Priority.ALWAYS);
    var namespaceLabel = new Label("Namespace");
    WholeText.keep(namespaceLabel);
    var toolbar = new HBox(8, namespaceLabel, namespaceChoice(), filter);
    toolbar.setAlignment(Pos.CENTER_LEFT);
    toolbar.disableProperty().bind(model.availableProperty().not());

    var tabs = new TabPane(containersTab(), imagesTab());
    tabs.setId("containerd-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(tabs, Priority.ALWAYS);

    var error = new Message("Not done", "", new FontIcon(Feather.ALERT_OCTAGON));
    error.setId("containerd-error");
    error.getStyleClass().add(Styles.DANGER);
    error.descriptionProperty().bind(model.errorProperty());
    error.visibleProperty().bind(model.errorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    ErrorText.readable(error);

    var status = new Label();
    status.setId("containerd-status");
    status.getStyleClass().add(Styles.TEXT_MUTED);
    status.textProperty().bind(model.statusProperty());
    ErrorText.readable(status);
    var hint =
        new Label(
            "Run containers with nerdctl or ctr in the VM (`drover vm shell`)",
            new FontIcon(Feather.TERMINAL));
    hint.setId("containerd-hint");
    hint.getStyleClass().add(Styles.TEXT_MUTED);

    setSpacing(12);
    setPadding(new Insets(16));
    getChildren().addAll(title, notice, toolbar, error, tabs, status, hint);
  }

  /**
   * The namespace choice follows the model's list and choice; a user's pick goes back to the model.
   * Not bound both ways: replacing a choice box's items empties its value for a moment, which is
   * not the user's pick.
   */
  private Node namespaceChoice() {
    var choice = new ChoiceBox<String>();
    choice.setId("containerd-namespace");
    choice.setMinWidth(150);
    Runnable show =
        () -> {
          showingModelsNamespaces = true;
          try {
            if (!choice.getItems().equals(model.namespacesProperty()))
              choice.getItems().setAll(model.namespacesProperty());
            choice.setValue(model.namespaceProperty().get());
          } finally {
            showingModelsNamespaces = false;
          }
        };
    model.namespacesProperty().addListener((ListChangeListener<String>) change -> show.run());
    model.namespaceProperty().addListener((obs, was, now) -> show.run());
    choice
        .valueProperty()
        .addListener(
            (obs, was, now) -> {
              if (!showingModelsNamespaces && now != null) model.namespaceProperty().set(now);
            });
    show.run();
    return choice;
  }

  private Tab containersTab() {
    var table = new TableView<ContainerdRow>();
    var sorted = new SortedList<>(model.visibleContainers());
    table.setItems(sorted);
    sorted.comparatorProperty().bind(table.comparatorProperty());
    table.setId("containerd-containers");
    style(table);
    var selected = table.getSelectionModel().getSelectedItems();

    var state = column("State", ContainerdRow::state);
    state.setCellFactory(c -> new StateBadge<>(ContainerdView::stateTone));
    var columns =
        List.<TableColumn<ContainerdRow, ?>>of(
            column("Name", ContainerdRow::name),
            column("Image", ContainerdRow::image),
            state,
            column("Process", ContainerdRow::process),
            column("Runtime", ContainerdRow::runtimeText),
            column("Namespace", ContainerdRow::namespace),
            createdColumn(ContainerdRow::created),
            column("ID", ContainerdRow::shortId));
    double[] widths = {180, 240, 90, 100, 90, 100, 110, 110};
    for (int i = 0; i < columns.size(); i++) columns.get(i).setPrefWidth(widths[i]);
    table.getColumns().setAll(columns);

    var start = actionButton("containerd-start", "Start", Feather.PLAY);
    start
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> !ContainerdViewModel.canStart(List.copyOf(selected)), selected));
    start.setOnAction(e -> model.start(List.copyOf(selected)));
    var stop =
        actionButton("containerd-stop", "Stop (SIGTERM, then SIGKILL after 10 s)", Feather.SQUARE);
    stop.disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> !ContainerdViewModel.canStop(List.copyOf(selected)), selected));
    stop.setOnAction(e -> model.stop(List.copyOf(selected)));
    var remove =
        actionButton("containerd-remove", "Remove… (stopped containers only)", Feather.TRASH_2);
    remove.getStyleClass().add(Styles.DANGER);
    remove.disableProperty().bind(Bindings.isEmpty(selected));
    remove.setOnAction(e -> askAndRemove(List.copyOf(selected)));
    table.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.DELETE && !selected.isEmpty())
            askAndRemove(List.copyOf(selected));
        });

    var tab = new Tab("Containers", withActions(table, start, stop, remove));
    tab.setGraphic(new FontIcon(Feather.BOX));
    tab.setId("containerd-containers-tab");
    return tab;
  }

  private Tab imagesTab() {
    var table = new TableView<ContainerdImageRow>();
    var sorted = new SortedList<>(model.visibleImages());
    table.setItems(sorted);
    sorted.comparatorProperty().bind(table.comparatorProperty());
    table.setId("containerd-images");
    style(table);
    var selected = table.getSelectionModel().getSelectedItems();

    var size = new TableColumn<ContainerdImageRow, Long>("Size");
    size.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().size()));
    size.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(Long bytes, boolean empty) {
                super.updateItem(bytes, empty);
                setText(
                    empty || getTableRow() == null || getTableRow().getItem() == null
                        ? null
                        : getTableRow().getItem().sizeText());
              }
            });
    var columns =
        List.<TableColumn<ContainerdImageRow, ?>>of(
            imageColumn("Name", ContainerdImageRow::name),
            imageColumn("Digest", ContainerdImageRow::shortDigest),
            size,
            imageColumn("Namespace", ContainerdImageRow::namespace),
            createdColumn(ContainerdImageRow::created));
    double[] widths = {420, 130, 100, 110, 130};
    for (int i = 0; i < columns.size(); i++) columns.get(i).setPrefWidth(widths[i]);
    table.getColumns().setAll(columns);

    var remove = actionButton("containerd-remove-image", "Remove image…", Feather.TRASH_2);
    remove.getStyleClass().add(Styles.DANGER);
    remove.disableProperty().bind(Bindings.isEmpty(selected));
    remove.setOnAction(e -> askAndRemoveImages(List.copyOf(selected)));
    table.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.DELETE && !selected.isEmpty())
            askAndRemoveImages(List.copyOf(selected));
        });

    var tab = new Tab("Images", withActions(table, remove));
    tab.setGraphic(new FontIcon(Feather.LAYERS));
    tab.setId("containerd-images-tab");
    return tab;
  }

  private Node withActions(TableView<?> table, Button... actions) {
    var bar = new HBox(4, actions);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.disableProperty().bind(model.availableProperty().not());
    VBox.setVgrow(table, Priority.ALWAYS);
    var box = new VBox(8, bar, table);
    box.setPadding(new Insets(8, 0, 0, 0));
    return box;
  }

  private void style(TableView<?> table) {
    ListTable.style(table, ListTable.placeholder(model.placeholderProperty()));
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
  }

  /**
   * Asks first; when every selected container runs there is nothing to ask: the model says to stop
   * them first.
   */
  private void askAndRemove(List<ContainerdRow> selected) {
    if (!ContainerdViewModel.canRemove(selected)) {
      model.remove(selected);
      return;
    }
    if (Confirm.ask(
        this,
        model.removalQuestion(selected),
        "containerd removes the container, its stopped task"
            + " and its snapshot (its writable files).",
        "Remove",
        "containerd-confirm-remove")) {
      model.remove(selected);
    }
  }

  private void askAndRemoveImages(List<ContainerdImageRow> selected) {
    if (Confirm.ask(
        this,
        model.imageRemovalQuestion(selected),
        "Containers made from it keep running.",
        "Remove",
        "containerd-confirm-remove-image")) {
      model.removeImages(selected);
    }
  }

  private static Button actionButton(String id, String tooltip, Ikon icon) {
    var button = new Button(null, new FontIcon(icon));
    button.setId(id);
    button.setTooltip(new Tooltip(tooltip));
    button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    return button;
  }

  private static TableColumn<ContainerdRow, String> column(
      String header, Function<ContainerdRow, String> value) {
    return ListTable.column(header, value);
  }

  private static TableColumn<ContainerdImageRow, String> imageColumn(
      String header, Function<ContainerdImageRow, String> value) {
    return ListTable.column(header, value);
  }

  /** A state's badge: green running, amber paused, red unknown, grey otherwise. */
  private static String stateTone(String state) {
    return switch (state) {
      case "running" -> Styles.SUCCESS;
      case "paused", "pausing" -> Styles.WARNING;
      case "unknown" -> Styles.DANGER;
      default -> Styles.TEXT_MUTED;
    };
  }

  /** "3 days ago", sorted by the time itself rather than by the words. */
  private <R> TableColumn<R, Instant> createdColumn(Function<R, Instant> created) {
    var column = new TableColumn<R, Instant>("Created");
    column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(created.apply(cell.getValue())));
    column.setCellFactory(c -> LiveTimeCell.of(times, Elapsed.AGO));
    return column;
  }
}
