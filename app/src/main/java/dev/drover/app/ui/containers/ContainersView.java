package dev.drover.app.ui.containers;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.drover.app.ui.containers.run.RunContainerDialog;
import dev.drover.app.ui.containers.run.RunContainerViewModel;
import dev.drover.app.ui.shared.ListTable;
import dev.drover.app.ui.shared.StateBadge;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import dev.drover.app.ui.time.Elapsed;
import dev.drover.app.ui.time.LiveTimeCell;
import dev.drover.app.ui.time.LiveTimes;
import dev.drover.engine.ContainerSummary.PublishedPort;
import dev.drover.engine.containers.ContainerAction;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Containers page: a live table of the engine's containers with a filter, a running-only switch
 * and the lifecycle actions on the selection. Delete removes (after asking), Ctrl+F focuses the
 * filter.
 */
public final class ContainersView extends VBox {

  private final ContainersViewModel model;
  private final Supplier<RunContainerViewModel> runDialogs;
  private final ContainerDetails details;
  private final TextField filter = new TextField();
  private final LiveTimes times = LiveTimes.onFxThread();
  private boolean onScreenPending;
  private List<Node> listChildren;
  private Insets listPadding;
  private ContainerDetails.Opened opened;

  /**
   * @param runDialogs a fresh view model for each "Run a container" dialog
   * @param details opens a container's details page (logs, inspect)
   */
  public ContainersView(
      ContainersViewModel model,
      Supplier<RunContainerViewModel> runDialogs,
      ContainerDetails details) {
    this.model = model;
    this.runDialogs = runDialogs;
    this.details = details;
    var title = new Label("Containers");
    title.getStyleClass().add(Styles.TITLE_3);

    // The table, the heaviest control of the window, is not built for the first frame: the pane
    // says what it
    // waits for until the engine watcher reaches for an engine. Then it is built and laid out
    // (empty, saying
    // "Connecting…") while the engine's round trips are under way, so the list fills a table that
    // is ready.
    var waiting = placeholder();
    var body = new StackPane(waiting);
    VBox.setVgrow(body, Priority.ALWAYS);
    Runnable showTable = () -> body.getChildren().setAll(tableWithTools());
    if (model.listExpectedProperty().get()) showTable.run();
    else
      model
          .listExpectedProperty()
          .addListener(
              (obs, was, expected) -> {
                if (expected && body.getChildren().contains(waiting)) showTable.run();
              });

    setSpacing(12);
    setPadding(new Insets(16));
    getChildren().addAll(title, body);
    model.detailsProperty().addListener((obs, was, container) -> showDetails(container));
  }

  private Node tableWithTools() {
    var table = table();
    var selected = table.getSelectionModel().getSelectedItems();
    // A container's update replaces its row, which leaves the table's selection (as does a row that
    // moves): the
    // model keeps the selection by id and the rows are selected again once each batch of updates is
    // in. The rows'
    // listeners run after the table's own, which the rows reach through the filtered and sorted
    // lists.
    selected.addListener(
        (ListChangeListener<ContainerRow>) change -> model.selectionChanged(List.copyOf(selected)));
    model
        .rowsProperty()
        .addListener((ListChangeListener<ContainerRow>) change -> selectAgain(table));

    filter.setId("containers-filter");
    filter.setPromptText("Filter by name, image, id, project or state  (Ctrl+F)");
    filter.textProperty().bindBidirectional(model.filterTextProperty());
    HBox.setHgrow(filter, Priority.ALWAYS);
    var runningOnly = new ToggleButton("Running only");
    runningOnly.setId("containers-running-only");
    runningOnly.selectedProperty().bindBidirectional(model.runningOnlyProperty());

    var actions = new HBox(4);
    for (var action : ContainerAction.values()) {
      var button =
          actionButton("action-" + action.name().toLowerCase(), action.label(), icon(action));
      button
          .disableProperty()
          .bind(
              Bindings.createBooleanBinding(
                  () -> !ContainersViewModel.applies(action, List.copyOf(selected)), selected));
      button.setOnAction(e -> model.apply(action, List.copyOf(selected)));
      actions.getChildren().add(button);
    }
    var open = actionButton("action-details", "Logs and details (double-click)", Feather.FILE_TEXT);
    open.disableProperty().bind(Bindings.size(selected).isNotEqualTo(1));
    open.setOnAction(e -> openDetails(selected.getFirst()));
    actions.getChildren().add(open);
    var remove = actionButton("action-remove", "Remove…", Feather.TRASH_2);
    remove.getStyleClass().add(Styles.DANGER);
    remove.disableProperty().bind(Bindings.isEmpty(selected));
    remove.setOnAction(e -> askAndRemove(List.copyOf(selected)));
    actions.getChildren().add(remove);

    var run = new Button("Run a container…", new FontIcon(Feather.PLUS));
    run.setId("run-container");
    run.getStyleClass().add(Styles.ACCENT);
    run.setOnAction(
        e ->
            new RunContainerDialog(
                    runDialogs.get(), getScene() == null ? null : getScene().getWindow())
                .show());

    WholeText.keep(run, runningOnly);
    var toolbar = new HBox(8, run, filter, runningOnly, actions);
    toolbar.setAlignment(Pos.CENTER_LEFT);

    var status = new Label();
    status.setId("containers-action-status");
    status.getStyleClass().add(Styles.TEXT_MUTED);
    status.textProperty().bind(model.actionStatusProperty());
    var error = new Message("The engine refused", "", new FontIcon(Feather.ALERT_OCTAGON));
    error.setId("containers-action-error");
    error.getStyleClass().add(Styles.DANGER);
    error.descriptionProperty().bind(model.actionErrorProperty());
    error.visibleProperty().bind(model.actionErrorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    ErrorText.readable(error);

    table.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.DELETE && !selected.isEmpty())
            askAndRemove(List.copyOf(selected));
          if (e.getCode() == KeyCode.ENTER && selected.size() == 1)
            openDetails(selected.getFirst());
        });
    table.setRowFactory(
        view -> {
          var row = new TableRow<ContainerRow>();
          row.setOnMouseClicked(
              e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) openDetails(row.getItem());
              });
          // The stats streams follow the rows on screen: each row says when it shows another
          // container.
          row.itemProperty().addListener((obs, was, now) -> rowsOnScreenChanged(view));
          row.indexProperty().addListener((obs, was, now) -> rowsOnScreenChanged(view));
          row.visibleProperty().addListener((obs, was, now) -> rowsOnScreenChanged(view));
          return row;
        });
    sceneProperty()
        .addListener(
            (obs, old, scene) -> {
              if (scene != null)
                scene
                    .getAccelerators()
                    .put(
                        new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN),
                        filter::requestFocus);
            });

    VBox.setVgrow(table, Priority.ALWAYS);
    return new VBox(8, toolbar, projectsBar(), error, table, status);
  }

  private TableView<ContainerRow> table() {
    var sorted = new SortedList<>(model.visibleRows());
    var table = ListTable.style(new TableView<>(sorted), placeholder());
    sorted.comparatorProperty().bind(table.comparatorProperty());
    table.setId("containers-table");
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    var state = column("State", ContainerRow::state);
    state.setCellFactory(c -> new StateBadge<>(ContainersView::stateTone));
    var status = new TableColumn<ContainerRow, ContainerRow>("Status");
    status.setId("column-status");
    status.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
    status.setCellFactory(
        c ->
            new LiveTimeCell<>(
                times, Elapsed.WORDS, ContainerRow::statusSince, ContainerRow::statusAt));
    status.setComparator(Comparator.comparing(ContainerRow::status));
    var ports = new TableColumn<ContainerRow, List<PublishedPort>>("Ports");
    ports.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().ports()));
    ports.setCellFactory(c -> new PortLinksCell(model));
    ports.setSortable(false);
    model.statsVisibleProperty().bind(table.sceneProperty().isNotNull());
    var columns =
        List.<TableColumn<ContainerRow, ?>>of(
            column("Name", ContainerRow::name),
            column("Image", ContainerRow::image),
            state,
            status,
            usageColumn("CPU", ContainersViewModel.ContainerUsage::cpu),
            usageColumn("Memory", ContainersViewModel.ContainerUsage::memory),
            ports,
            column("Project", row -> row.project() == null ? "" : row.project()),
            column("ID", ContainerRow::shortId));
    // Widths of their own: a column left at the default width is sized to its first rows' contents
    // when the
    // table first shows, which lays out a row of cells per row measured and column, and was about a
    // third of
    // the UI thread's work to show a table of 1 000 containers. The table shares out the rest of
    // its width.
    double[] widths = {200, 180, 90, 150, 70, 110, 130, 110, 110};
    for (int i = 0; i < columns.size(); i++) columns.get(i).setPrefWidth(widths[i]);
    table.getColumns().setAll(columns);
    return table;
  }

  /** Selects the rows of the containers the user selected, wherever the latest update put them. */
  private void selectAgain(TableView<ContainerRow> table) {
    var ids = Set.copyOf(model.selectedIds());
    var items = table.getItems();
    var wanted =
        IntStream.range(0, items.size()).filter(i -> ids.contains(items.get(i).id())).toArray();
    var selection = table.getSelectionModel();
    var now =
        selection.getSelectedIndices().stream().mapToInt(Integer::intValue).sorted().toArray();
    if (Arrays.equals(wanted, now)) return;
    selection.clearSelection();
    if (wanted.length > 0)
      selection.selectIndices(wanted[0], Arrays.copyOfRange(wanted, 1, wanted.length));
  }

  /**
   * One chip per Compose project: its state, a filter to it, and start/stop for all its containers
   * at once.
   */
  private Node projectsBar() {
    var bar = new FlowPane(8, 8);
    bar.setId("compose-projects");
    Runnable render =
        () -> {
          bar.getChildren()
              .setAll(
                  model.projectsProperty().stream()
                      .map(
                          project -> {
                            var label =
                                new Hyperlink(project.describe(), new FontIcon(Feather.LAYERS));
                            label.setId("project-" + project.name());
                            label.setTooltip(new Tooltip("Show only this project's containers"));
                            label.setOnAction(e -> model.filterTextProperty().set(project.name()));
                            var start =
                                actionButton(
                                    "project-start-" + project.name(),
                                    "Start all of " + project.name(),
                                    Feather.PLAY);
                            start.setDisable(project.running() == project.containers().size());
                            start.setOnAction(e -> model.startProject(project));
                            var stop =
                                actionButton(
                                    "project-stop-" + project.name(),
                                    "Stop all of " + project.name(),
                                    Feather.SQUARE);
                            stop.setDisable(project.running() == 0);
                            stop.setOnAction(e -> model.stopProject(project));
                            var chip = new HBox(2, label, start, stop);
                            chip.setAlignment(Pos.CENTER_LEFT);
                            chip.getStyleClass().add(Styles.BG_SUBTLE);
                            return (Node) chip;
                          })
                      .toList());
          bar.setVisible(!bar.getChildren().isEmpty());
          bar.setManaged(bar.isVisible());
        };
    model
        .projectsProperty()
        .addListener((ListChangeListener<ComposeProject>) change -> render.run());
    render.run();
    return bar;
  }

  private void openDetails(ContainerRow container) {
    model.openDetails(container);
  }

  /**
   * Shows the container's details in place of the list, or the list again (null). A details page
   * closed from elsewhere (the sidebar) lets go of its streams as its own back button does.
   */
  private void showDetails(ContainerRow container) {
    if (opened != null) {
      var closing = opened;
      opened = null;
      closing.close().run();
    }
    if (container == null) {
      if (listChildren != null) {
        getChildren().setAll(listChildren);
        setPadding(listPadding);
        listChildren = null;
      }
      return;
    }
    if (listChildren == null) {
      listChildren = List.copyOf(getChildren());
      listPadding = getPadding();
    }
    var page =
        details.open(
            container,
            () -> {
              opened = null;
              model.closeDetails();
            });
    opened = page;
    setPadding(Insets.EMPTY);
    getChildren().setAll(page.page());
  }

  /**
   * Tells the model which rows the table shows, once per pulse however many rows changed in it. The
   * rows are the table's own at that moment: a row the table has let go of is not held here.
   */
  private void rowsOnScreenChanged(TableView<ContainerRow> table) {
    if (onScreenPending) return;
    onScreenPending = true;
    Platform.runLater(
        () -> {
          onScreenPending = false;
          var shown =
              table.lookupAll(".table-row-cell").stream()
                  .filter(node -> node instanceof TableRow<?>)
                  .map(node -> (TableRow<?>) node)
                  .filter(
                      row ->
                          row.isVisible()
                              && !row.isEmpty()
                              && row.getItem() instanceof ContainerRow
                              && row.getIndex() >= 0
                              && row.getParent() != null
                              && row.getParent().isVisible())
                  .sorted(Comparator.comparingInt(TableRow::getIndex))
                  .map(row -> ((ContainerRow) row.getItem()).id())
                  .distinct()
                  .toList();
          model.rowsOnScreen(shown);
        });
  }

  private void askAndRemove(List<ContainerRow> selected) {
    var volumes = new CheckBox("Also remove the anonymous volumes they created");
    volumes.setId("remove-volumes");
    var alert = new Alert(Alert.AlertType.CONFIRMATION);
    alert.setTitle("Remove containers");
    alert.setHeaderText(model.removalQuestion(selected));
    alert.getDialogPane().setContent(volumes);
    var removeButton = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
    alert.getButtonTypes().setAll(ButtonType.CANCEL, removeButton);
    if (getScene() != null) alert.initOwner(getScene().getWindow());
    alert
        .showAndWait()
        .filter(removeButton::equals)
        .ifPresent(ok -> model.remove(selected, volumes.isSelected()));
  }

  private Label placeholder() {
    var placeholder = ListTable.placeholder(model.placeholderProperty());
    placeholder.setId("containers-placeholder");
    return placeholder;
  }

  private static Button actionButton(String id, String tooltip, Ikon icon) {
    var button = new Button(null, new FontIcon(icon));
    button.setId(id);
    button.setTooltip(new Tooltip(tooltip));
    button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    return button;
  }

  private static Ikon icon(ContainerAction action) {
    return switch (action) {
      case START -> Feather.PLAY;
      case STOP -> Feather.SQUARE;
      case RESTART -> Feather.ROTATE_CW;
      case PAUSE -> Feather.PAUSE;
      case UNPAUSE -> Feather.SKIP_FORWARD;
      case KILL -> Feather.X_OCTAGON;
    };
  }

  /** A column fed by the container's latest stats sample; empty for containers not followed. */
  private TableColumn<ContainerRow, String> usageColumn(
      String header, Function<ContainersViewModel.ContainerUsage, String> value) {
    var column = new TableColumn<ContainerRow, String>(header);
    column.setId("column-" + header.toLowerCase());
    column.setCellValueFactory(
        cell -> {
          var id = cell.getValue().id();
          return Bindings.createStringBinding(
              () -> {
                var current = model.usage().get(id);
                return current == null ? "" : value.apply(current);
              },
              model.usage());
        });
    column.setComparator(Comparator.naturalOrder());
    return column;
  }

  private static TableColumn<ContainerRow, String> column(
      String header, Function<ContainerRow, String> value) {
    return ListTable.column(header, value);
  }

  /** A state's badge: green running, amber paused or restarting, red dead, grey otherwise. */
  private static String stateTone(String state) {
    return switch (state) {
      case "running" -> Styles.SUCCESS;
      case "paused", "restarting", "removing" -> Styles.WARNING;
      case "dead" -> Styles.DANGER;
      default -> Styles.TEXT_MUTED;
    };
  }

  /** Published ports: a TCP port as a link that opens the browser at it, any other as text. */
  private static final class PortLinksCell extends TableCell<ContainerRow, List<PublishedPort>> {
    private final ContainersViewModel model;

    PortLinksCell(ContainersViewModel model) {
      this.model = model;
    }

    @Override
    protected void updateItem(List<PublishedPort> ports, boolean empty) {
      super.updateItem(ports, empty);
      if (empty || ports == null || ports.isEmpty()) {
        setGraphic(null);
        return;
      }
      // Centred in the row as the text of the other cells is; a link's own padding would lift it.
      var links = new HBox(4);
      links.setAlignment(Pos.CENTER_LEFT);
      for (var port : ports) {
        if (!port.opensInBrowser()) {
          links.getChildren().add(new Label(port.describe()));
          continue;
        }
        var link = new Hyperlink(port.describe());
        link.setPadding(Insets.EMPTY);
        link.setTooltip(new Tooltip("Open " + port.url()));
        link.setOnAction(e -> model.open(port));
        links.getChildren().add(link);
      }
      setAlignment(Pos.CENTER_LEFT);
      setGraphic(links);
    }
  }
}
