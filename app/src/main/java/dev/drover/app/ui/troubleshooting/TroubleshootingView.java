package dev.drover.app.ui.troubleshooting;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The Troubleshooting page. */
public final class TroubleshootingView extends VBox {

  public TroubleshootingView(TroubleshootingViewModel model) {
    var title = new Label("Troubleshooting");
    title.getStyleClass().add(Styles.TITLE_3);
    var endpoint = new Label();
    endpoint.setId("engine-endpoint");
    endpoint.textProperty().bind(model.endpointProperty());
    // The endpoint can be an engine's error, the paths long (a Windows profile folder): they wrap
    // and copy.
    ErrorText.readable(endpoint);
    var grid = new GridPane(12, 8);
    grid.addRow(0, new Label("Engine"), endpoint);
    grid.addRow(1, new Label("Settings file"), ErrorText.readable(new Label(model.settingsFile())));
    grid.addRow(2, new Label("Logs"), ErrorText.readable(new Label(model.logsFolder())));
    WholeText.labels(grid);
    setSpacing(16);
    setPadding(new Insets(16));
    getChildren().addAll(title, grid);
  }
}
