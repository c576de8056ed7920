package dev.drover.app.ui.troubleshooting;

import atlantafx.base.theme.Styles;
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
        endpoint.setWrapText(true);
        endpoint.textProperty().bind(model.endpointProperty());
        var grid = new GridPane(12, 8);
        grid.addRow(0, new Label("Engine"), endpoint);
        grid.addRow(1, new Label("Settings file"), new Label(model.settingsFile()));
        grid.addRow(2, new Label("Logs"), new Label(model.logsFolder()));
        setSpacing(16);
        setPadding(new Insets(16));
        getChildren().addAll(title, grid);
    }
}
