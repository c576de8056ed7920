package dev.drover.app.ui.containers.details;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.WholeText;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * One container's details: its logs, its resource use over time, its inspect document and a shell
 * in it, with a way back to the list.
 */
public final class ContainerDetailsView extends VBox {

  public ContainerDetailsView(
      String containerName,
      Node logs,
      Node stats,
      InspectViewModel inspect,
      Supplier<Node> terminal,
      Runnable back) {
    var backButton = new Button("Containers", new FontIcon(Feather.ARROW_LEFT));
    backButton.setId("details-back");
    backButton.getStyleClass().add(Styles.FLAT);
    backButton.setOnAction(e -> back.run());
    var title = new Label(containerName);
    title.setId("details-title");
    title.getStyleClass().add(Styles.TITLE_3);
    WholeText.keep(backButton);
    var header = new HBox(12, backButton, title);
    header.setAlignment(Pos.CENTER_LEFT);

    // The terminal (a web engine and a shell in the container) is made only when the user asks for
    // it.
    var terminalTab = new Tab("Terminal");
    terminalTab.setId("details-terminal-tab");
    terminalTab
        .selectedProperty()
        .addListener(
            (obs, was, selected) -> {
              if (selected && terminalTab.getContent() == null)
                terminalTab.setContent(terminal.get());
            });
    var tabs =
        new TabPane(
            new Tab("Logs", logs),
            new Tab("Stats", stats),
            new Tab("Inspect", inspectPane(inspect)),
            terminalTab);
    tabs.setId("details-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    VBox.setVgrow(tabs, Priority.ALWAYS);

    setSpacing(12);
    setPadding(new Insets(16));
    getChildren().addAll(header, tabs);
  }

  private static Node inspectPane(InspectViewModel model) {
    var text = new TextArea();
    text.setId("inspect-json");
    text.setEditable(false);
    text.setStyle("-fx-font-family: monospace;");
    text.textProperty().bind(model.jsonProperty());
    var search = new TextField();
    search.setId("inspect-search");
    search.setPromptText("Search");
    search.textProperty().bindBidirectional(model.searchProperty());
    var count = new Label();
    count.textProperty().bind(model.matchCountProperty().asString("%d matches"));
    var next = new Button("Next", new FontIcon(Feather.CHEVRON_DOWN));
    next.setOnAction(e -> model.nextMatch());
    search.setOnAction(e -> model.nextMatch());
    model
        .currentMatchProperty()
        .addListener(
            (obs, old, at) -> {
              if (at.intValue() >= 0)
                text.selectRange(
                    at.intValue(), at.intValue() + model.searchProperty().get().length());
            });
    WholeText.keep(next, count);
    var bar = new HBox(8, search, next, count);
    bar.setAlignment(Pos.CENTER_LEFT);
    VBox.setVgrow(text, Priority.ALWAYS);
    var pane = new VBox(8, bar, text);
    pane.setPadding(new Insets(8, 0, 0, 0));
    return pane;
  }
}
