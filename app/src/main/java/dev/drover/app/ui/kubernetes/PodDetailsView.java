package dev.drover.app.ui.kubernetes;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.containers.logs.LogsView;
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

/** A pod's details in place of the list: logs (with the container picker), events and YAML. */
public final class PodDetailsView extends VBox {

    private static Tab shellTab(PodDetailsViewModel model) {
        var shell = model.shell();
        var connect = new Button("Open a shell", new FontIcon(Feather.TERMINAL));
        connect.setId("kube-shell-connect");
        connect.setOnAction(e -> shell.connect(model.containerProperty().get()));
        connect.disableProperty().bind(model.containerProperty().isNull());
        var status = new Label();
        status.setId("kube-shell-status");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(shell.statusProperty());
        var output = new javafx.scene.control.TextArea();
        output.setId("kube-shell-output");
        output.setEditable(false);
        output.setStyle("-fx-font-family: 'Monospaced'; -fx-font-size: 12px;");
        output.textProperty().bind(shell.outputProperty());
        output.textProperty().addListener((obs, was, now) -> output.positionCaret(now.length()));
        VBox.setVgrow(output, Priority.ALWAYS);
        var input = new javafx.scene.control.TextField();
        input.setId("kube-shell-input");
        input.setPromptText("A command, then Enter");
        input.textProperty().bindBidirectional(shell.inputProperty());
        input.disableProperty().bind(shell.connectedProperty().not());
        input.setOnAction(e -> shell.send());
        var bar = new HBox(8, connect, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        var tab = new Tab("Shell", new VBox(8, bar, output, input));
        tab.setId("kube-pod-shell-tab");
        return tab;
    }

    public PodDetailsView(PodDetailsViewModel model, Runnable back) {
        var backButton = new Button("Back", new FontIcon(Feather.ARROW_LEFT));
        backButton.setId("kube-pod-back");
        backButton.getStyleClass().add(Styles.FLAT);
        backButton.setOnAction(e -> {
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
        var logBar = new HBox(8, new Label("Container"), container, previous, message);
        logBar.setAlignment(Pos.CENTER_LEFT);
        logBar.setPadding(new Insets(8, 8, 0, 8));
        var logHolder = new StackPane();
        VBox.setVgrow(logHolder, Priority.ALWAYS);
        model.logsProperty().addListener((obs, was, now) -> logHolder.getChildren().setAll(now == null ? new Label() : new LogsView(now)));
        if (model.logsProperty().get() != null) logHolder.getChildren().setAll(new LogsView(model.logsProperty().get()));
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

        var tabs = new TabPane(logsTab, eventsTab, yamlTab, shellTab(model));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        setSpacing(8);
        setPadding(new Insets(8, 16, 16, 16));
        getChildren().addAll(header, tabs);
        model.load();
    }
}
