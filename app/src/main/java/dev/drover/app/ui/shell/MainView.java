package dev.drover.app.ui.shell;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: sidebar, notices, the current page and the status bar. Pages are built on first
 * visit, so start-up pays only for the first one.
 */
public final class MainView extends BorderPane {

  private final Map<Page, Supplier<Node>> pageFactories;
  private final Map<Page, Node> builtPages = new EnumMap<>(Page.class);
  private final StackPane content = new StackPane();

  public MainView(
      MainViewModel main,
      StatusBarViewModel status,
      NoticesViewModel notices,
      Map<Page, Supplier<Node>> pageFactories) {
    this.pageFactories = pageFactories;
    setLeft(sidebar(main));
    var centre = new VBox(noticesArea(notices), content);
    VBox.setVgrow(content, Priority.ALWAYS);
    setCenter(centre);
    setBottom(statusBar(status));
    show(main.pageProperty().get());
    main.pageProperty().addListener((obs, old, page) -> show(page));
  }

  /** Adds a control to the status bar, before the reconnect button (the VM's menu). */
  public void addStatusItem(Node item) {
    var bar = (HBox) ((VBox) getBottom()).getChildren().get(1);
    if (item instanceof Region control) WholeText.keep(control);
    bar.getChildren().add(bar.getChildren().size() - 1, item);
  }

  private void show(Page page) {
    var node = builtPages.computeIfAbsent(page, p -> pageFactories.get(p).get());
    content.getChildren().setAll(node);
  }

  private static Node sidebar(MainViewModel main) {
    var brand = new Label("Drover", new FontIcon(Feather.ANCHOR));
    brand.getStyleClass().add(Styles.TITLE_4);
    brand.setPadding(new Insets(4, 8, 12, 8));
    var box = new VBox(4, brand);
    var group = new ToggleGroup();
    for (var page : Page.values()) {
      var button = new ToggleButton(page.title(), new FontIcon(icon(page)));
      button.setId("nav-" + page.name().toLowerCase());
      button.getStyleClass().add(Styles.FLAT);
      button.setAlignment(Pos.CENTER_LEFT);
      button.setMaxWidth(Double.MAX_VALUE);
      button.setToggleGroup(group);
      button.setUserData(page);
      button.setSelected(page == main.pageProperty().get());
      box.getChildren().add(button);
    }
    // On selection, so the arrow keys (which select the next entry without an action) change the
    // page too.
    group
        .selectedToggleProperty()
        .addListener(
            (obs, old, selected) -> {
              if (selected != null) {
                if (selected.getUserData() != main.pageProperty().get())
                  main.show((Page) selected.getUserData());
                return;
              }
              // A click (or Space) on the entry already selected unselects it: the sidebar always
              // shows where you are,
              // and the page is asked for its top level again, e.g. a container's details page goes
              // back to the list.
              old.setSelected(true);
              main.show((Page) old.getUserData());
            });
    // The page can change from elsewhere too (the tray's menu): the sidebar follows.
    main.pageProperty()
        .addListener(
            (obs, old, page) ->
                group.getToggles().stream()
                    .filter(toggle -> toggle.getUserData() == page)
                    .findFirst()
                    .ifPresent(toggle -> toggle.setSelected(true)));
    box.setPadding(new Insets(12, 8, 12, 8));
    box.setPrefWidth(200);
    box.getStyleClass().add("sidebar");
    return box;
  }

  private static Ikon icon(Page page) {
    return switch (page) {
      case CONTAINERS -> Feather.BOX;
      case IMAGES -> Feather.LAYERS;
      case VOLUMES -> Feather.HARD_DRIVE;
      case NETWORKS -> Feather.SHARE_2;
      case CONTAINERD -> Feather.PACKAGE;
      case KUBERNETES -> Feather.GRID;
      case SETTINGS -> Feather.SETTINGS;
      case TROUBLESHOOTING -> Feather.TOOL;
    };
  }

  private static Node noticesArea(NoticesViewModel notices) {
    var area = new VBox(8);
    area.setPadding(new Insets(0, 16, 0, 16));
    Runnable render =
        () -> {
          area.getChildren()
              .setAll(
                  notices.noticesProperty().stream()
                      .map(
                          notice -> {
                            var message =
                                new Message(
                                    notice.title(),
                                    notice.detail(),
                                    new FontIcon(Feather.ALERT_TRIANGLE));
                            message.getStyleClass().add(Styles.WARNING);
                            message.setOnClose(e -> notices.dismiss(notice));
                            ErrorText.readable(message);
                            return (Node) message;
                          })
                      .toList());
          area.setPadding(area.getChildren().isEmpty() ? Insets.EMPTY : new Insets(12, 16, 0, 16));
        };
    notices.noticesProperty().addListener((ListChangeListener<Notice>) change -> render.run());
    render.run();
    area.setId("notices");
    return area;
  }

  private static Node statusBar(StatusBarViewModel status) {
    var dot = new FontIcon(Feather.CIRCLE);
    var text = new Label();
    text.setId("engine-status");
    text.textProperty().bind(status.engineTextProperty());
    // The engine's address and an engine's error can be long: the bar grows a line rather than cut
    // them.
    ErrorText.readable(text);
    var reconnect = new Button("Reconnect", new FontIcon(Feather.REFRESH_CW));
    reconnect.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
    reconnect.managedProperty().bind(reconnect.visibleProperty());
    reconnect.setOnAction(e -> status.reconnect());
    Runnable paint =
        () -> {
          var health = status.healthProperty().get();
          dot.getStyleClass()
              .setAll(
                  "ikonli-font-icon",
                  switch (health) {
                    case CONNECTED -> Styles.SUCCESS;
                    case CONNECTING -> Styles.WARNING;
                    case UNREACHABLE -> Styles.DANGER;
                  });
          reconnect.setVisible(health == StatusBarViewModel.Health.UNREACHABLE);
        };
    status.healthProperty().addListener((obs, old, now) -> paint.run());
    paint.run();
    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    var cluster = new Label();
    cluster.setId("kubernetes-status");
    cluster.setGraphic(new FontIcon(Feather.BOX));
    cluster.textProperty().bind(status.clusterTextProperty());
    cluster.managedProperty().bind(cluster.textProperty().isNotEmpty());
    cluster.visibleProperty().bind(cluster.managedProperty());
    WholeText.keep(cluster, reconnect);
    var bar =
        new HBox(8, dot, text, new Separator(Orientation.VERTICAL), cluster, spacer, reconnect);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(4, 12, 4, 12));
    bar.getStyleClass().add("status-bar");
    return new VBox(new Separator(), bar);
  }
}
