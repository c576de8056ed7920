package dev.drover.app.ui.containers.logs;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A container's log: a virtualized list of coloured lines under a toolbar (search, time stamps,
 * follow, since, copy, save) and a status line. Lines arrive in batches; while following, the list
 * scrolls to the newest line once per batch.
 */
public final class LogsView extends VBox {

  private static final String MONOSPACE = "-fx-font-family: 'Monospaced'; -fx-font-size: 12px;";

  private final LogsViewModel model;
  private final ListView<LogEntry> list;
  private boolean scrollPending;

  public LogsView(LogsViewModel model) {
    this.model = model;
    this.list = logList(model);

    var search = new TextField();
    search.setId("logs-search");
    search.setPromptText("Search the log");
    search.setPrefColumnCount(18);
    search.textProperty().bindBidirectional(model.searchTextProperty());
    search.setOnKeyPressed(
        key -> {
          if (key.getCode() != KeyCode.ENTER) return;
          if (key.isShiftDown()) previousMatch();
          else nextMatch();
          key.consume();
        });
    var matches = new Label();
    matches.setId("logs-matches");
    matches.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    matches.textProperty().bind(model.matchSummaryProperty());
    var previous = iconButton("logs-previous", Feather.CHEVRON_UP, "Previous match (Shift+Enter)");
    previous.setOnAction(e -> previousMatch());
    var next = iconButton("logs-next", Feather.CHEVRON_DOWN, "Next match (Enter)");
    next.setOnAction(e -> nextMatch());
    previous.disableProperty().bind(model.matchCountProperty().isEqualTo(0));
    next.disableProperty().bind(model.matchCountProperty().isEqualTo(0));

    var timestamps = new ToggleButton(null, new FontIcon(Feather.CLOCK));
    timestamps.setId("logs-timestamps");
    timestamps.setTooltip(new Tooltip("Show time stamps"));
    timestamps.selectedProperty().bindBidirectional(model.showTimestampsProperty());

    var follow = new ToggleButton("Follow", new FontIcon(Feather.ARROW_DOWN_CIRCLE));
    follow.setId("logs-follow");
    follow.setTooltip(
        new Tooltip("Keep the newest line in view; off pauses scrolling, lines keep arriving"));
    follow.selectedProperty().bindBidirectional(model.followingProperty());

    var since = new ChoiceBox<LogsSince>(FXCollections.observableArrayList(LogsSince.values()));
    since.setId("logs-since");
    since.setTooltip(new Tooltip("How far back to read the log"));
    since.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(LogsSince choice) {
            return choice == null ? "" : choice.label();
          }

          @Override
          public LogsSince fromString(String text) {
            return null;
          }
        });
    since.valueProperty().bindBidirectional(model.sinceProperty());

    var copy =
        iconButton(
            "logs-copy",
            Feather.COPY,
            "Copy the selected lines, or the whole log when none is selected");
    copy.setOnAction(e -> copy());
    var save = iconButton("logs-save", Feather.DOWNLOAD, "Save the log to a file");
    save.setOnAction(e -> save());

    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    WholeText.keep(matches, since, follow);
    var toolbar =
        new HBox(6, search, matches, previous, next, spacer, since, timestamps, follow, copy, save);
    toolbar.setAlignment(Pos.CENTER_LEFT);

    var status = new Label();
    status.setId("logs-status");
    status.textProperty().bind(model.statusProperty());
    ErrorText.readable(status);
    model.statusProperty().addListener((obs, was, now) -> styleStatus(status, now));
    styleStatus(status, model.statusProperty().get());
    var message = new Label();
    message.setId("logs-message");
    message.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    message.textProperty().bind(model.messageProperty());
    var statusBar = new HBox(12, status, message);
    statusBar.setAlignment(Pos.CENTER_LEFT);

    // While following, scroll to the newest line once per frame, however many batches arrived since
    // the last
    // one: a scroll lays the list out there and then, and a flood brings several batches a frame.
    model
        .batchesProperty()
        .addListener(
            (obs, was, now) -> {
              if (model.followingProperty().get()) scrollToEndBeforeNextFrame();
            });
    model
        .followingProperty()
        .addListener(
            (obs, was, now) -> {
              if (now) scrollToEnd();
            });
    // Highlights depend on these; the view model has already updated its matches when they fire.
    model
        .searchTextProperty()
        .addListener(
            (obs, was, now) -> {
              list.refresh();
              reveal(model.currentMatchProperty().get());
            });
    model.showTimestampsProperty().addListener((obs, was, now) -> list.refresh());

    VBox.setVgrow(list, Priority.ALWAYS);
    setSpacing(8);
    setPadding(new Insets(8));
    getChildren().addAll(toolbar, list, statusBar);
  }

  private static ListView<LogEntry> logList(LogsViewModel model) {
    var list = new ListView<>(model.lines());
    list.setId("logs-list");
    list.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
    list.setStyle(MONOSPACE);
    // One line per cell, all alike: a fixed height lets the list lay out 100 000 lines without
    // measuring them,
    // and keeps scrolling to the end exact while lines pour in.
    var probe = new Text("Xg");
    probe.setFont(Font.font("Monospaced", 12));
    list.setFixedCellSize(Math.ceil(probe.getLayoutBounds().getHeight()) + 4);
    list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    list.setPlaceholder(new Label("No log lines yet."));
    list.setCellFactory(v -> new LogCell(model));
    return list;
  }

  private void nextMatch() {
    model.nextMatch();
    list.refresh();
    reveal(model.currentMatchProperty().get());
  }

  private void previousMatch() {
    model.previousMatch();
    list.refresh();
    reveal(model.currentMatchProperty().get());
  }

  private void reveal(int index) {
    if (index < 0 || index >= list.getItems().size()) return;
    list.scrollTo(Math.max(0, index - 3));
    list.getSelectionModel().clearAndSelect(index);
  }

  private void scrollToEndBeforeNextFrame() {
    if (scrollPending) return;
    scrollPending = true;
    requestLayout();
  }

  @Override
  protected void layoutChildren() {
    // A parent is laid out before its children, so the list scrolls before its own layout of this
    // frame.
    if (scrollPending) {
      scrollPending = false;
      if (model.followingProperty().get()) scrollToEnd();
    }
    super.layoutChildren();
  }

  private void scrollToEnd() {
    int size = list.getItems().size();
    if (size > 0) list.scrollTo(size - 1);
  }

  private void copy() {
    var selected = List.copyOf(list.getSelectionModel().getSelectedIndices());
    var text = selected.isEmpty() ? model.copyAllText() : model.copyText(selected);
    var content = new ClipboardContent();
    content.putString(text);
    Clipboard.getSystemClipboard().setContent(content);
  }

  private void save() {
    var chooser = new FileChooser();
    chooser.setTitle("Save the log");
    chooser.setInitialFileName(safeFileName(model.containerId()) + ".log");
    chooser
        .getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Log files", "*.log", "*.txt"));
    var window = getScene() == null ? null : getScene().getWindow();
    var file = chooser.showSaveDialog(window);
    if (file != null) model.saveTo(file.toPath());
  }

  private static String safeFileName(String containerId) {
    var name = containerId.replaceAll("[^A-Za-z0-9._-]", "_");
    return name.length() > 40 ? name.substring(0, 40) : name;
  }

  private static Button iconButton(String id, Feather icon, String tip) {
    var button = new Button(null, new FontIcon(icon));
    button.setId(id);
    button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    button.setTooltip(new Tooltip(tip));
    return button;
  }

  private static void styleStatus(Label status, String text) {
    status
        .getStyleClass()
        .removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER, Styles.TEXT_MUTED);
    status
        .getStyleClass()
        .add(
            switch (text) {
              case "Streaming" -> Styles.SUCCESS;
              case "Paused" -> Styles.WARNING;
              case "Container stopped", "Closed" -> Styles.TEXT_MUTED;
              default -> Styles.DANGER;
            });
  }

  /**
   * One line: optional time stamp, then the line's segments in their colours; stderr in the danger
   * colour.
   */
  private static final class LogCell extends ListCell<LogEntry> {
    private static final KeyCombination COPY =
        new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private static final String STAMP_STYLE = "-fx-fill: -color-fg-subtle;";
    private static final String DEFAULT_STYLE = fillStyle("-color-fg-default");
    private static final String STDERR_STYLE = fillStyle("-color-danger-fg");

    private final LogsViewModel model;
    private final TextFlow flow = new TextFlow();
    // The Text nodes of this cell, in order; the flow shows the first few of them.
    private final List<Text> texts = new ArrayList<>();

    LogCell(LogsViewModel model) {
      this.model = model;
      setText(null);
      setOnKeyPressed(
          key -> {
            if (COPY.match(key) && getListView() != null) {
              var content = new ClipboardContent();
              content.putString(
                  model.copyText(
                      List.copyOf(getListView().getSelectionModel().getSelectedIndices())));
              Clipboard.getSystemClipboard().setContent(content);
            }
          });
    }

    @Override
    protected void updateItem(LogEntry entry, boolean empty) {
      super.updateItem(entry, empty);
      if (empty || entry == null) {
        // Hidden, not taken out: a cell emptied and filled again (every cell, each time the list
        // view
        // rebuilds its cells while lines pour in) would otherwise swap its graphic twice, and a
        // graphic put
        // back costs the cell its skin's children and their CSS.
        flow.setVisible(false);
        setStyle(null);
        getStyleClass().removeAll("logs-match", "logs-current-match");
        return;
      }
      // The cell's Text nodes are reused: while a flood scrolls by, cells are refilled every frame,
      // and a new
      // node (or a changed style) costs a CSS pass where new text in a kept node costs only its
      // layout.
      int used = 0;
      if (model.showTimestampsProperty().get()) {
        reuse(used++, model.timestampText(entry) + "  ", STAMP_STYLE);
      }
      var defaultStyle = entry.stderr() ? STDERR_STYLE : DEFAULT_STYLE;
      for (var segment : entry.segments()) {
        var style =
            segment.color() == null && !segment.bold()
                ? defaultStyle
                : segmentStyle(segment, entry.stderr());
        reuse(used++, segment.text(), style);
      }
      var children = flow.getChildren();
      if (children.size() != used) children.setAll(texts.subList(0, used));
      if (getGraphic() != flow) setGraphic(flow);
      flow.setVisible(true);

      getStyleClass().removeAll("logs-match", "logs-current-match");
      if (model.isMatch(entry)) {
        boolean current = getIndex() == model.currentMatchProperty().get();
        getStyleClass().add(current ? "logs-current-match" : "logs-match");
        setStyle(
            current
                ? "-fx-background-color: -color-warning-muted;"
                : "-fx-background-color: -color-warning-subtle;");
      } else {
        setStyle(null);
      }
    }

    private void reuse(int index, String content, String style) {
      if (index == texts.size()) texts.add(new Text());
      var text = texts.get(index);
      text.setText(content);
      text.setStyle(style);
    }

    private static String segmentStyle(AnsiText.Segment segment, boolean stderr) {
      var style =
          fillStyle(
              segment.color() == null
                  ? (stderr ? "-color-danger-fg" : "-color-fg-default")
                  : AnsiColors.css(segment.color()));
      return segment.bold() ? style + " -fx-font-weight: bold;" : style;
    }

    private static String fillStyle(String color) {
      return "-fx-fill: " + color + ";";
    }
  }
}
