package dev.drover.app.ui.images;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * "Registries": the saved registry logins, logout of one, and a login form checked by the engine.
 */
public final class RegistriesDialog extends Dialog<Void> {

  public RegistriesDialog(RegistriesViewModel model, Window owner) {
    setTitle("Registries");
    setHeaderText("Registry logins (shared with the docker CLI)");
    if (owner != null) initOwner(owner);

    var list = new ListView<String>(model.registriesProperty());
    list.setId("registries-list");
    list.getStyleClass().add(Styles.DENSE);
    list.setPrefHeight(140);
    list.setPlaceholder(new Label("No saved logins"));
    list.setCellFactory(
        v ->
            new ListCell<>() {
              @Override
              protected void updateItem(String registry, boolean empty) {
                super.updateItem(registry, empty);
                setText(
                    empty || registry == null ? null : RegistriesViewModel.displayName(registry));
              }
            });

    var logout = new Button("Log out", new FontIcon(Feather.LOG_OUT));
    logout.setId("registries-logout");
    logout.getStyleClass().add(Styles.DANGER);
    logout
        .disableProperty()
        .bind(list.getSelectionModel().selectedItemProperty().isNull().or(model.busyProperty()));
    logout.setOnAction(e -> model.logout(list.getSelectionModel().getSelectedItem()));

    var server = new TextField();
    server.setId("registries-server");
    server.setPromptText("Docker Hub, or host[:port]");
    server.textProperty().bindBidirectional(model.registryProperty());
    var user = new TextField();
    user.setId("registries-user");
    user.textProperty().bindBidirectional(model.usernameProperty());
    var password = new PasswordField();
    password.setId("registries-password");
    password.setPromptText("password or access token");
    password.textProperty().bindBidirectional(model.passwordProperty());
    for (var field : new TextField[] {server, user, password})
      GridPane.setHgrow(field, Priority.ALWAYS);

    var login = new Button("Log in", new FontIcon(Feather.LOG_IN));
    login.setId("registries-login");
    login.getStyleClass().add(Styles.ACCENT);
    login
        .disableProperty()
        .bind(
            model
                .busyProperty()
                .or(user.textProperty().isEmpty())
                .or(password.textProperty().isEmpty()));
    login.setOnAction(e -> model.login());
    password.setOnAction(
        e -> {
          if (!login.isDisabled()) model.login();
        });

    var form = new GridPane(12, 8);
    form.addRow(0, new Label("Registry"), server);
    form.addRow(1, new Label("User"), user);
    form.addRow(2, new Label("Password"), password);
    form.add(login, 1, 3);
    WholeText.labels(form);
    WholeText.keep(login, logout);

    var error = new Label();
    error.setId("registries-error");
    error.getStyleClass().add(Styles.DANGER);
    error.setWrapText(true);
    error.setMaxWidth(460);
    error.textProperty().bind(model.errorProperty());
    error.visibleProperty().bind(model.errorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    error.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
    ErrorText.readable(error);

    var notice = new Label();
    notice.setId("registries-notice");
    notice.getStyleClass().add(Styles.SUCCESS);
    notice.setWrapText(true);
    notice.textProperty().bind(model.noticeProperty());
    notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
    notice.managedProperty().bind(notice.visibleProperty());

    var loggedIn = new Label("Logged in");
    loggedIn.getStyleClass().add(Styles.TEXT_BOLD);
    var newLogin = new Label("Log in");
    newLogin.getStyleClass().add(Styles.TEXT_BOLD);
    var content = new VBox(8, loggedIn, list, new HBox(8, logout), newLogin, form, error, notice);
    content.setPrefWidth(480);
    getDialogPane().setContent(content);
    getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
    setResultConverter(button -> null);

    model.refresh();
  }
}
