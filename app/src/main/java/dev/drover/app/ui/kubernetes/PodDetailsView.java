package dev.drover.app.ui.kubernetes;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.containers.logs.LogsView;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import dev.drover.app.ui.terminal.TerminalView;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A pod's details in place of the list: logs (with the container picker), events, YAML and a shell.
 */
public final class PodDetailsView extends VBox {

  /**
   * The Shell tab: a terminal (xterm.js in a WebView) with a container picker. The WebView and the
   * shell are made only when the tab is first shown.
   */
  private static Tab shellTab(PodShellViewModel shell, boolean dark) {
    var tab = new Tab("Shell");
    tab.setId("kube-pod-shell-tab");
    tab.selectedProperty()
        .addListener(
            (obs, was, now) -> {
              if (!now || tab.getContent() != null) return;
              var container = new ComboBox<String>(shell.containers());
              container.setId("kube-shell-container");
              container.valueProperty().bindBidirectional(shell.containerProperty());
              tab.setContent(
                  new TerminalView(shell.terminal(), dark, new Label("Container"), container));
            });
    return tab;
  }

  /**
   * @param dark whether the terminal takes the dark palette, as the window's theme is when the
   *     shell opens
   */
  public PodDetailsView(PodDetailsViewModel model, Runnable back, boolean dark) {
    var backButton = new Button("Back", new FontIcon(Feather.ARROW_LEFT));
    backButton.setId("kube-pod-back");
    backButton.getStyleClass().add(Styles.FLAT);
    backButton.setOnAction(
        e -> {
          model.close();
          back.run();
        });
    var title = new Label(model.pod().key());
    title.setId("kube-pod-title");
    title.getStyleClass().add(Styles.TITLE_4);
    var header = new HBox(8, backButton, title);
    header.setAlignment(Pos.CENTER_LEFT);

    var container = new ComboBox<String>(model.containers());
    container.setId("kube-pod-container");
    container.valueProperty().bindBidirectional(model.containerProperty());
    var previous = new CheckBox("Previous instance");
    previous.setId("kube-pod-previous");
    previous.selectedProperty().bindBidirectional(model.previousProperty());
    var message = new Label();
    message.getStyleClass().add(Styles.DANGER);
    message.textProperty().bind(model.messageProperty());
    ErrorText.readable(message);
    var logBar = new HBox(8, new Label("Container"), container, previous, message);
    WholeText.labels(logBar);
    WholeText.keep(previous, backButton);
    logBar.setAlignment(Pos.CENTER_LEFT);
    logBar.setPadding(new Insets(8, 8, 0, 8));
    var logHolder = new StackPane();
    VBox.setVgrow(logHolder, Priority.ALWAYS);
    model
        .logsProperty()
        .addListener(
            (obs, was, now) ->
                logHolder.getChildren().setAll(now == null ? new Label() : new LogsView(now)));
    if (model.logsProperty().get() != null)
      logHolder.getChildren().setAll(new LogsView(model.logsProperty().get()));
    var logsTab = new Tab("Logs", new VBox(logBar, logHolder));
    logsTab.setId("kube-pod-logs-tab");

    var events = new ListView<String>(model.events());
    events.setId("kube-pod-events");
    var refresh = new Button("Refresh", new FontIcon(Feather.REFRESH_CW));
    refresh.setOnAction(e -> model.refreshEvents());
    VBox.setVgrow(events, Priority.ALWAYS);
    var eventsTab = new Tab("Events", new VBox(8, refresh, events));
    eventsTab.setId("kube-pod-events-tab");

    var yamlTab = new Tab("YAML", new YamlDialog.YamlEditor(model.yaml()));
    yamlTab.setId("kube-pod-yaml-tab");

    var tabs = new TabPane(logsTab, eventsTab, yamlTab, shellTab(model.shell(), dark));
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(tabs, Priority.ALWAYS);
    setSpacing(8);
    setPadding(new Insets(8, 16, 16, 16));
    getChildren().addAll(header, tabs);
    model.load();
  }
}
