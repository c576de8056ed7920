package dev.drover.app.ui.settings;

import atlantafx.base.theme.Styles;
import dev.drover.app.settings.ThemeChoice;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Settings page. */
public final class SettingsView extends VBox {

    public SettingsView(SettingsViewModel model) {
        var title = new Label("Settings");
        title.getStyleClass().add(Styles.TITLE_3);

        var theme = new ComboBox<ThemeChoice>();
        theme.setId("theme-choice");
        theme.getItems().setAll(ThemeChoice.values());
        theme.setConverter(new StringConverter<>() {
            @Override
            public String toString(ThemeChoice choice) {
                return choice == null ? "" : switch (choice) {
                    case SYSTEM -> "Follow the system";
                    case LIGHT -> "Light";
                    case DARK -> "Dark";
                };
            }

            @Override
            public ThemeChoice fromString(String text) {
                return null;
            }
        });
        theme.valueProperty().bindBidirectional(model.themeProperty());

        var file = new Label("Saved in " + model.settingsFile());
        file.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        var form = new GridPane(12, 12);
        form.addRow(0, new Label("Theme"), theme);
        var closeToTray = new CheckBox("Closing the window keeps Drover running in the tray");
        closeToTray.setId("close-to-tray");
        closeToTray.selectedProperty().bindBidirectional(model.closeToTrayProperty());
        var startAtLogin = new CheckBox("Start Drover when I log in");
        startAtLogin.setId("start-at-login");
        startAtLogin.selectedProperty().bindBidirectional(model.startAtLoginProperty());
        form.addRow(1, new Label("Window"), closeToTray);
        form.addRow(2, new Label("Login"), startAtLogin);

        setSpacing(16);
        setPadding(new Insets(16));
        getChildren().addAll(title, form, file);
    }
}
