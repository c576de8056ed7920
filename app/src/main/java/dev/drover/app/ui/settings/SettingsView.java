package dev.drover.app.ui.settings;

import atlantafx.base.theme.Styles;
import dev.drover.app.settings.ThemeChoice;
import dev.drover.app.ui.shell.Confirm;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Settings page. */
public final class SettingsView extends VBox {

  public SettingsView(SettingsViewModel model) {
    var title = new Label("Settings");
    title.getStyleClass().add(Styles.TITLE_3);

    var theme = new ComboBox<ThemeChoice>();
    theme.setId("theme-choice");
    theme.getItems().setAll(ThemeChoice.values());
    theme.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(ThemeChoice choice) {
            return choice == null
                ? ""
                : switch (choice) {
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
    file.setWrapText(true);

    var form = new GridPane(12, 12);
    form.addRow(0, new Label("Theme"), theme);
    var closeToTray = new CheckBox("Closing the window keeps Drover running in the tray");
    closeToTray.setId("close-to-tray");
    closeToTray.selectedProperty().bindBidirectional(model.closeToTrayProperty());
    var startAtLogin = new CheckBox("Start Drover when I log in");
    startAtLogin.setId("start-at-login");
    startAtLogin.selectedProperty().bindBidirectional(model.startAtLoginProperty());
    // Where the desktop has no tray, the choice does not apply: say what closing does instead.
    // Until the tray
    // has answered, neither shows.
    closeToTray.visibleProperty().bind(model.trayAvailableProperty());
    closeToTray.managedProperty().bind(closeToTray.visibleProperty());
    var windowCloseNote = new Label();
    windowCloseNote.setId("window-close-note");
    windowCloseNote.setWrapText(true);
    windowCloseNote.textProperty().bind(model.windowCloseNoteProperty());
    windowCloseNote.visibleProperty().bind(model.windowCloseNoteProperty().isNotEmpty());
    windowCloseNote.managedProperty().bind(windowCloseNote.visibleProperty());
    form.addRow(1, new Label("Window"), new VBox(closeToTray, windowCloseNote));
    form.addRow(2, new Label("Login"), startAtLogin);
    form.addRow(3, new Label("Engine"), engineHostField(model));
    WholeText.labels(form);

    setSpacing(16);
    setPadding(new Insets(16));
    getChildren().addAll(title, form, kubernetesSection(model), file);
    model.loadK3sVersions(false);
  }

  private static VBox engineHostField(SettingsViewModel model) {
    var address = new TextField();
    address.setId("engine-host");
    address.setPromptText("Chosen by Drover (its VM's engine, else the Docker CLI's)");
    address.setPrefColumnCount(32);
    address.textProperty().bindBidirectional(model.engineHostProperty());
    address.setOnAction(event -> model.saveEngineHost());
    address
        .focusedProperty()
        .addListener(
            (obs, was, focused) -> {
              if (!focused) model.saveEngineHost();
            });
    var problem = new Label();
    problem.setId("engine-host-problem");
    problem.setWrapText(true);
    problem.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
    problem.textProperty().bind(model.engineHostProblemProperty());
    problem.managedProperty().bind(problem.textProperty().isNotEmpty());
    problem.visibleProperty().bind(problem.managedProperty());
    address.pseudoClassStateChanged(
        Styles.STATE_DANGER, !model.engineHostProblemProperty().get().isEmpty());
    model
        .engineHostProblemProperty()
        .addListener(
            (obs, was, text) ->
                address.pseudoClassStateChanged(Styles.STATE_DANGER, !text.isEmpty()));
    var note = new Label();
    note.setId("engine-host-note");
    note.setWrapText(true);
    note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    note.textProperty().bind(model.engineHostNoteProperty());
    note.managedProperty().bind(note.textProperty().isNotEmpty());
    note.visibleProperty().bind(note.managedProperty());
    var hint =
        new Label(
            "unix:///path/to/docker.sock, tcp://host:port or npipe:////./pipe/name; saved when you"
                + " press Enter or leave the field.");
    hint.setWrapText(true);
    hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    return new VBox(4, address, problem, note, hint);
  }

  private static VBox kubernetesSection(SettingsViewModel model) {
    var heading = new Label("Kubernetes");
    heading.getStyleClass().add(Styles.TITLE_4);

    var enabled = new CheckBox("Run a local Kubernetes cluster (k3s in the VM)");
    enabled.setId("kubernetes-enabled");
    enabled.selectedProperty().bindBidirectional(model.kubernetesEnabledProperty());

    var version = new ComboBox<K3sVersionChoice>(model.k3sVersionChoices());
    version.setId("k3s-version");
    // As wide as its longest version's label, "Recommended (stable: v1.31.2+k3s1)".
    version.setMinWidth(Region.USE_PREF_SIZE);
    version.valueProperty().bindBidirectional(model.k3sVersionProperty());

    var refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
    refresh.setId("k3s-versions-refresh");
    refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    refresh.setTooltip(new Tooltip("Check for newer versions (asks the k3s release site)"));
    refresh.setOnAction(event -> model.loadK3sVersions(true));
    refresh.disableProperty().bind(model.k3sVersionsLoadingProperty());

    var traefik = new CheckBox("Traefik ingress controller");
    traefik.setId("k3s-traefik");
    traefik.selectedProperty().bindBidirectional(model.traefikProperty());

    var note = new Label();
    note.setId("k3s-versions-note");
    note.setWrapText(true);
    note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    note.textProperty().bind(model.k3sVersionsNoteProperty());
    ErrorText.readable(note);
    note.managedProperty().bind(note.textProperty().isNotEmpty());
    note.visibleProperty().bind(note.managedProperty());

    var form = new GridPane(12, 12);
    form.addRow(0, new Label("k3s version"), new HBox(4, version, refresh));
    form.addRow(1, new Label("Ingress"), traefik);
    WholeText.labels(form);

    var hint =
        new Label(
            "kubectl reaches it as context \"drover\". Changes apply the next time Kubernetes starts.");
    hint.setWrapText(true);
    hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

    var reset = new Button("Reset Kubernetes", new FontIcon(Feather.ROTATE_CCW));
    reset.setId("kubernetes-reset");
    reset.getStyleClass().add(Styles.DANGER);
    reset.disableProperty().bind(model.canResetKubernetesProperty().not());
    reset.setOnAction(
        event -> {
          if (Confirm.ask(
              reset,
              "Reset Kubernetes?",
              model.resetKubernetesQuestion(),
              "Reset",
              "confirm-kubernetes-reset")) {
            model.resetKubernetes();
          }
        });
    var resetNote = new Label();
    resetNote.setId("kubernetes-reset-note");
    resetNote.setWrapText(true);
    resetNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    resetNote.textProperty().bind(model.resetKubernetesNoteProperty());
    WholeText.keep(reset);
    var resetRow = new HBox(10, reset, resetNote);
    resetRow.setAlignment(Pos.CENTER_LEFT);
    return new VBox(10, heading, enabled, form, note, hint, resetRow);
  }
}
