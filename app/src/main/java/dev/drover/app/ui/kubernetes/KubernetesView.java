package dev.drover.app.ui.kubernetes;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.drover.app.ui.shell.Confirm;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import dev.drover.app.ui.time.Elapsed;
import dev.drover.app.ui.time.LiveTimeCell;
import dev.drover.app.ui.time.LiveTimes;
import dev.drover.kube.cluster.KubeContext;
import dev.drover.kube.cluster.ResourceRow;
import dev.drover.kube.cluster.ResourceType;
import dev.drover.kube.cluster.forward.PortForwards;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Kubernetes page: context and namespace choosers, the kinds on the left, the chosen kind's
 * live table with a filter and the actions that apply to it, and the active port forwards below. A
 * pod opens its details (logs, events, YAML) in place, as a container does on the Containers page.
 */
public final class KubernetesView extends StackPane {

  private final KubernetesViewModel model;
  private final PodDetails details;
  private final VBox page;
  private final TableView<ResourceRow> table;

  /** Opens a pod's details page; {@code back} returns to the list. */
  @FunctionalInterface
  public interface PodDetails {
    Node open(ResourceRow pod, Runnable back);
  }

  public KubernetesView(KubernetesViewModel model, PodDetails details) {
    // First: the kubeconfig is read and the client made in the background while the page is built.
    model.loadContexts();
    this.model = model;
    this.details = details;
    this.table = table();
    var title = new Label("Kubernetes");
    title.getStyleClass().add(Styles.TITLE_3);

    var contexts = new ComboBox<KubeContext>(model.contexts());
    contexts.setId("kube-context");
    // Shown when no context is chosen (a kubeconfig without a current one): the chooser's own
    // button cell shows
    // the prompt for an empty value, which a button cell of the page's own would not.
    contexts.setPromptText("Choose a context");
    contexts.setCellFactory(list -> new ContextCell());
    contexts.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(KubeContext context) {
            return context == null ? "" : context.label();
          }

          @Override
          public KubeContext fromString(String text) {
            return null; // not editable
          }
        });
    contexts.valueProperty().bindBidirectional(model.contextProperty());
    var namespaces = new ComboBox<String>(model.namespaces());
    namespaces.setId("kube-namespace");
    namespaces.valueProperty().bindBidirectional(model.namespaceProperty());
    var reconnect = iconButton("kube-reconnect", "Check the cluster again", Feather.REFRESH_CW);
    reconnect.setOnAction(e -> model.reconnect());
    var status = new Label();
    status.setId("kube-status");
    status.textProperty().bind(model.connectionTextProperty());
    ErrorText.readable(status);
    Runnable paintStatus =
        () -> {
          status.getStyleClass().removeAll(Styles.DANGER, Styles.TEXT_MUTED);
          status
              .getStyleClass()
              .add(model.unreachableProperty().get() ? Styles.DANGER : Styles.TEXT_MUTED);
        };
    model.unreachableProperty().addListener((obs, was, now) -> paintStatus.run());
    paintStatus.run();
    var header =
        new HBox(
            8,
            title,
            new Label("Context"),
            contexts,
            new Label("Namespace"),
            namespaces,
            reconnect);
    WholeText.labels(header);
    header.setAlignment(Pos.CENTER_LEFT);

    var kinds = new ListView<ResourceType>(model.kinds());
    kinds.setId("kube-kinds");
    kinds.setPrefWidth(210);
    // The kinds' names are the page's navigation: "PersistentVolumes" and "PersistentVolumeClaims"
    // stay apart.
    kinds.setMinWidth(Region.USE_PREF_SIZE);
    kinds.getStyleClass().add(Styles.DENSE);
    kinds.getSelectionModel().select(model.kindProperty().get());
    kinds
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (obs, was, now) -> {
              if (now != null) model.kindProperty().set(now);
            });
    model
        .kindProperty()
        .addListener(
            (obs, was, now) -> {
              if (now != null && !now.equals(kinds.getSelectionModel().getSelectedItem()))
                kinds.getSelectionModel().select(now);
            });
    model
        .kinds()
        .addListener(
            (ListChangeListener<ResourceType>)
                c -> {
                  var chosen = model.kindProperty().get();
                  if (chosen != null && !chosen.equals(kinds.getSelectionModel().getSelectedItem()))
                    kinds.getSelectionModel().select(chosen);
                });

    var split = new SplitPane(kinds, tableWithTools());
    split.setDividerPositions(0.18);
    SplitPane.setResizableWithParent(kinds, false);
    VBox.setVgrow(split, Priority.ALWAYS);

    page = new VBox(10, header, status, split, forwardsBar());
    page.setPadding(new Insets(16));
    getChildren().setAll(page);
  }

  private Node tableWithTools() {
    var selected = table.getSelectionModel().getSelectedItems();
    var filter = new TextField();
    filter.setId("kube-filter");
    filter.setPromptText("Filter by name, namespace, status or detail");
    filter.textProperty().bindBidirectional(model.filterTextProperty());
    HBox.setHgrow(filter, Priority.ALWAYS);

    var kind = model.kindProperty();
    var one = Bindings.size(selected).isEqualTo(1);
    var open = iconButton("kube-open", "Logs, events and YAML (double-click)", Feather.FILE_TEXT);
    open.disableProperty()
        .bind(
            one.not()
                .or(
                    Bindings.createBooleanBinding(
                        () -> kind.get() == null || !kind.get().isPods(), kind)));
    open.setOnAction(e -> openPod(selected.getFirst()));
    var yaml = iconButton("kube-yaml", "View and edit the YAML", Feather.CODE);
    yaml.disableProperty().bind(one.not());
    yaml.setOnAction(
        e ->
            new YamlDialog(
                    model.yaml(selected.getFirst()),
                    getScene() == null ? null : getScene().getWindow())
                .show());
    var scale = iconButton("kube-scale", "Scale…", Feather.SLIDERS);
    scale
        .disableProperty()
        .bind(
            one.not()
                .or(
                    Bindings.createBooleanBinding(
                        () -> kind.get() == null || !kind.get().scalable(), kind)));
    scale.setOnAction(e -> askScale(selected.getFirst()));
    var restart = iconButton("kube-restart", "Rollout restart", Feather.ROTATE_CW);
    restart
        .disableProperty()
        .bind(
            Bindings.isEmpty(selected)
                .or(
                    Bindings.createBooleanBinding(
                        () -> kind.get() == null || !kind.get().restartable(), kind)));
    restart.setOnAction(e -> model.restart(List.copyOf(selected)));
    var forward = iconButton("kube-forward", "Forward a port…", Feather.LOG_IN);
    forward
        .disableProperty()
        .bind(
            one.not()
                .or(
                    Bindings.createBooleanBinding(
                        () -> kind.get() == null || !kind.get().forwardable(), kind)));
    forward.setOnAction(e -> askForward(selected.getFirst()));
    var delete = iconButton("kube-delete", "Delete…", Feather.TRASH_2);
    delete.getStyleClass().add(Styles.DANGER);
    delete.disableProperty().bind(Bindings.isEmpty(selected));
    delete.setOnAction(e -> askDelete(List.copyOf(selected)));
    var toolbar = new HBox(6, filter, open, yaml, scale, restart, forward, delete);
    toolbar.setAlignment(Pos.CENTER_LEFT);

    var error = new Message("The cluster refused", "", new FontIcon(Feather.ALERT_OCTAGON));
    error.setId("kube-action-error");
    error.getStyleClass().add(Styles.DANGER);
    error.descriptionProperty().bind(model.actionErrorProperty());
    error.visibleProperty().bind(model.actionErrorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    ErrorText.readable(error);
    var actionStatus = new Label();
    actionStatus.setId("kube-action-status");
    actionStatus.getStyleClass().add(Styles.TEXT_MUTED);
    actionStatus.textProperty().bind(model.actionStatusProperty());
    ErrorText.readable(actionStatus);

    table.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.DELETE && !selected.isEmpty())
            askDelete(List.copyOf(selected));
          if (e.getCode() == KeyCode.ENTER && selected.size() == 1 && kind.get().isPods())
            openPod(selected.getFirst());
        });
    table.setRowFactory(
        view -> {
          var row = new TableRow<ResourceRow>();
          row.setOnMouseClicked(
              e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && kind.get().isPods())
                  openPod(row.getItem());
              });
          return row;
        });
    VBox.setVgrow(table, Priority.ALWAYS);
    var box = new VBox(8, toolbar, error, table, actionStatus);
    box.setPadding(new Insets(0, 0, 0, 8));
    return box;
  }

  private TableView<ResourceRow> table() {
    var sorted = new SortedList<>(model.visibleRows());
    var table = new TableView<>(sorted);
    sorted.comparatorProperty().bind(table.comparatorProperty());
    table.setId("kube-table");
    table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
    table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    var placeholder = new Label();
    placeholder.setId("kube-placeholder");
    placeholder.setWrapText(true);
    placeholder.getStyleClass().add(Styles.TEXT_MUTED);
    placeholder.textProperty().bind(model.placeholderProperty());
    table.setPlaceholder(placeholder);

    var name = column("Name", ResourceRow::name);
    name.setId("kube-column-name");
    var namespace = column("Namespace", row -> row.namespace() == null ? "" : row.namespace());
    var status = new TableColumn<ResourceRow, ResourceRow>("Status");
    status.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
    status.setCellFactory(c -> new StatusBadgeCell());
    status.setComparator(Comparator.comparing(ResourceRow::status));
    var ready = column("Ready", ResourceRow::ready);
    var restarts = new TableColumn<ResourceRow, Integer>("Restarts");
    restarts.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().restarts()));
    restarts.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(Integer value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty || value == null || value < 0 ? null : value.toString());
              }
            });
    var age = new TableColumn<ResourceRow, Instant>("Age");
    age.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().created()));
    age.setComparator(Comparator.nullsLast(Comparator.reverseOrder()));
    // Kept current while on screen, each at its unit (seconds, then minutes…), by one timer for the
    // table.
    var times = LiveTimes.onFxThread();
    age.setCellFactory(
        c ->
            new LiveTimeCell<>(
                times,
                Elapsed.SHORT,
                created -> created,
                (created, now) -> ResourceRow.age(Duration.between(created, now))));
    var detail = column("Detail", ResourceRow::detail);
    namespace
        .visibleProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> model.kindProperty().get() != null && model.kindProperty().get().namespaced(),
                model.kindProperty()));
    ready
        .visibleProperty()
        .bind(
            Bindings.createBooleanBinding(
                () ->
                    model.kindProperty().get() != null
                        && List.of(
                                "pods",
                                "deployments",
                                "statefulsets",
                                "daemonsets",
                                "jobs",
                                "helmreleases")
                            .contains(model.kindProperty().get().id()),
                model.kindProperty()));
    restarts
        .visibleProperty()
        .bind(
            Bindings.createBooleanBinding(
                () ->
                    model.kindProperty().get() != null
                        && List.of("pods", "events").contains(model.kindProperty().get().id()),
                model.kindProperty()));
    // Widths of their own, as the Containers table has: a column left at the default width is sized
    // to its
    // contents when the table first shows, a row of cells measured per column; the last column
    // takes the rest.
    var columns =
        List.<TableColumn<ResourceRow, ?>>of(name, namespace, status, ready, restarts, age, detail);
    double[] widths = {240, 140, 120, 70, 80, 70, 220};
    for (int i = 0; i < columns.size(); i++) columns.get(i).setPrefWidth(widths[i]);
    table.getColumns().setAll(columns);
    WholeText.headers(table);
    // No default sort order: the model keeps rows by namespace and name; a header click sorts on
    // demand.
    return table;
  }

  private Node forwardsBar() {
    var list = new ListView<PortForwards.Forward>(model.activeForwards());
    list.setId("kube-forwards");
    list.setPrefHeight(90);
    list.setPlaceholder(
        new Label("No port forwards. Select a pod or service and choose Forward a port."));
    list.setCellFactory(
        view ->
            new ListCell<>() {
              @Override
              protected void updateItem(PortForwards.Forward forward, boolean empty) {
                super.updateItem(forward, empty);
                if (empty || forward == null) {
                  setGraphic(null);
                  setText(null);
                  return;
                }
                var text =
                    new Label(
                        forward.describe()
                            + (forward.lastPod() == null ? "" : "  (via " + forward.lastPod() + ")")
                            + (forward.problem() == null ? "" : "  — " + forward.problem()));
                var stop = new Button("Stop", new FontIcon(Feather.SQUARE));
                stop.setId("kube-forward-stop-" + forward.localPort());
                stop.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
                stop.setOnAction(e -> model.stopForward(forward));
                var spacer = new Region();
                HBox.setHgrow(spacer, Priority.ALWAYS);
                var line = new HBox(8, new FontIcon(Feather.LOG_IN), text, spacer, stop);
                line.setAlignment(Pos.CENTER_LEFT);
                setText(null);
                setGraphic(line);
              }
            });
    var title = new Label("Port forwards");
    title.getStyleClass().add(Styles.TEXT_BOLD);
    return new VBox(4, title, list);
  }

  private void openPod(ResourceRow pod) {
    getChildren().setAll(details.open(pod, () -> getChildren().setAll(page)));
  }

  private void askDelete(List<ResourceRow> selected) {
    if (selected.isEmpty()) return;
    if (Confirm.ask(
        this,
        model.deletionQuestion(selected),
        "The cluster deletes them; controllers may create replacements.",
        "Delete",
        "kube-confirm-delete")) {
      model.delete(selected);
    }
  }

  private void askScale(ResourceRow row) {
    var dialog = new Dialog<Integer>();
    dialog.setTitle("Scale " + row.name());
    dialog.setHeaderText("Replicas of " + row.key());
    var spinner = new Spinner<Integer>(0, 1000, Math.max(0, row.replicas()));
    spinner.setEditable(true);
    spinner.setId("kube-scale-replicas");
    dialog.getDialogPane().setContent(spinner);
    var ok = new ButtonType("Scale", ButtonBar.ButtonData.OK_DONE);
    dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ok);
    dialog.getDialogPane().lookupButton(ok).setId("kube-scale-ok");
    dialog.setResultConverter(button -> button == ok ? spinner.getValue() : null);
    if (getScene() != null) dialog.initOwner(getScene().getWindow());
    dialog.showAndWait().ifPresent(replicas -> model.scale(row, replicas));
  }

  private void askForward(ResourceRow row) {
    var dialog = new Dialog<int[]>();
    dialog.setTitle("Forward a port");
    dialog.setHeaderText("Forward a local port to " + row.key());
    var remote = new ComboBox<Integer>();
    remote.setId("kube-forward-remote");
    remote.setEditable(true);
    remote.getItems().setAll(row.ports());
    remote.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Integer port) {
            return port == null ? "" : port.toString();
          }

          @Override
          public Integer fromString(String text) {
            try {
              return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
            } catch (NumberFormatException e) {
              return null;
            }
          }
        });
    if (!row.ports().isEmpty()) remote.setValue(row.ports().getFirst());
    var local = new TextField();
    local.setId("kube-forward-local");
    local.setPromptText("any free port");
    var problem = new Label();
    problem.getStyleClass().add(Styles.DANGER);
    var grid = new GridPane(8, 8);
    grid.addRow(0, new Label("Port in the cluster"), remote);
    grid.addRow(1, new Label("Local port"), local);
    grid.add(problem, 0, 2, 2, 1);
    ErrorText.readable(problem);
    WholeText.labels(grid);
    dialog.getDialogPane().setContent(grid);
    var ok = new ButtonType("Forward", ButtonBar.ButtonData.OK_DONE);
    dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ok);
    var okButton = dialog.getDialogPane().lookupButton(ok);
    okButton.setId("kube-forward-ok");
    okButton.addEventFilter(
        ActionEvent.ACTION,
        e -> {
          var text = PortText.check(remote.getEditor().getText(), local.getText());
          problem.setText(text == null ? "" : text);
          if (text != null) e.consume();
        });
    dialog.setResultConverter(
        button ->
            button == ok
                ? new int[] {
                  Integer.parseInt(remote.getEditor().getText().strip()),
                  local.getText().isBlank() ? 0 : Integer.parseInt(local.getText().strip())
                }
                : null);
    if (getScene() != null) dialog.initOwner(getScene().getWindow());
    dialog.showAndWait().ifPresent(ports -> model.startForward(row, ports[0], ports[1]));
  }

  private static Button iconButton(String id, String tooltip, Ikon icon) {
    var button = new Button(null, new FontIcon(icon));
    button.setId(id);
    button.setTooltip(new Tooltip(tooltip));
    button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    return button;
  }

  private static TableColumn<ResourceRow, String> column(
      String header, Function<ResourceRow, String> value) {
    var column = new TableColumn<ResourceRow, String>(header);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }

  private static final class ContextCell extends ListCell<KubeContext> {
    @Override
    protected void updateItem(KubeContext context, boolean empty) {
      super.updateItem(context, empty);
      setText(empty || context == null ? null : context.label());
    }
  }

  /** The status word as a coloured badge. */
  private static final class StatusBadgeCell extends TableCell<ResourceRow, ResourceRow> {
    private final Label badge = new Label();

    @Override
    protected void updateItem(ResourceRow row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null || row.status().isEmpty()) {
        setGraphic(null);
        return;
      }
      badge.setText(row.status());
      badge
          .getStyleClass()
          .setAll(
              "label",
              "state-badge",
              switch (row.tone()) {
                case GOOD -> Styles.SUCCESS;
                case WARNING -> Styles.WARNING;
                case BAD -> Styles.DANGER;
                case NEUTRAL -> Styles.TEXT_MUTED;
              });
      setGraphic(badge);
    }
  }
}
