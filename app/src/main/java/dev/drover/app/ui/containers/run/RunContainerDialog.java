package dev.drover.app.ui.containers.run;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * "Run a container": the form, the live hint of what to fix, and the engine's answer. Its result is
 * the new id.
 */
public final class RunContainerDialog extends Dialog<String> {

  public RunContainerDialog(RunContainerViewModel model, Window owner) {
    setTitle("Run a container");
    setHeaderText("Run a container");
    if (owner != null) initOwner(owner);

    var image = new ComboBox<String>(model.imageSuggestionsProperty());
    image.setId("run-image");
    image.setEditable(true);
    image.setPromptText("nginx:1.27");
    image.getEditor().textProperty().bindBidirectional(model.imageProperty());
    image.setMaxWidth(Double.MAX_VALUE);
    var name = field("run-name", "optional", model.nameProperty());
    var ports = area("run-ports", "8080:80\n127.0.0.1:5432:5432", model.portsProperty());
    var env = area("run-env", "KEY=value", model.environmentProperty());
    var mounts =
        area(
            "run-mounts",
            "data:/var/lib/data\n/home/me/site:/usr/share/nginx/html:ro",
            model.mountsProperty());
    var command = field("run-command", "the image's default", model.commandProperty());
    var restart = new ComboBox<String>();
    restart.setId("run-restart");
    restart.getItems().setAll("no", "always", "unless-stopped", "on-failure", "on-failure:3");
    restart.setEditable(true);
    restart.getEditor().textProperty().bindBidirectional(model.restartProperty());
    var runtime = new ComboBox<String>(model.runtimesProperty());
    runtime.setId("run-runtime");
    runtime.setPromptText("engine default");
    runtime.valueProperty().bindBidirectional(model.runtimeProperty());
    var autoRemove = new CheckBox("Remove the container when it exits");
    autoRemove.setId("run-auto-remove");
    autoRemove.selectedProperty().bindBidirectional(model.autoRemoveProperty());

    var form = new GridPane(12, 8);
    form.addRow(0, new Label("Image"), image);
    form.addRow(1, new Label("Name"), name);
    form.addRow(2, new Label("Ports"), ports);
    form.addRow(3, new Label("Environment"), env);
    form.addRow(4, new Label("Volumes"), mounts);
    form.addRow(5, new Label("Command"), command);
    form.addRow(6, new Label("Restart"), restart);
    form.addRow(7, new Label("Runtime"), runtime);
    form.add(autoRemove, 1, 8);
    WholeText.labels(form);

    var problem = new Label();
    problem.setId("run-problem");
    problem.getStyleClass().add(Styles.WARNING);
    problem.textProperty().bind(model.problemProperty());
    ErrorText.readable(problem);
    var status = new Label();
    status.setId("run-status");
    status.getStyleClass().add(Styles.TEXT_MUTED);
    status.textProperty().bind(model.statusProperty());
    var error = new Label();
    error.setId("run-error");
    error.getStyleClass().add(Styles.DANGER);
    error.textProperty().bind(model.errorProperty());
    ErrorText.readable(error);
    var content = new VBox(12, form, problem, status, error);
    content.setPrefWidth(560);
    getDialogPane().setContent(content);

    var run = new ButtonType("Run", ButtonBar.ButtonData.OK_DONE);
    getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, run);
    var runButton = getDialogPane().lookupButton(run);
    runButton.setId("run-button");
    runButton
        .disableProperty()
        .bind(model.problemProperty().isNotEqualTo("").or(model.runningProperty()));
    // The dialog stays open while the engine works, and closes only when the container runs.
    runButton.addEventFilter(
        ActionEvent.ACTION,
        e -> {
          e.consume();
          model.run();
        });
    model
        .createdIdProperty()
        .addListener(
            (obs, old, id) -> {
              if (id != null && !id.isEmpty()) {
                setResult(id);
                close();
              }
            });
    setResultConverter(button -> null);
  }

  private static TextField field(String id, String prompt, StringProperty value) {
    var field = new TextField();
    field.setId(id);
    field.setPromptText(prompt);
    field.textProperty().bindBidirectional(value);
    return field;
  }

  private static TextArea area(String id, String prompt, StringProperty value) {
    var area = new TextArea();
    area.setId(id);
    area.setPromptText(prompt);
    area.setPrefRowCount(2);
    area.textProperty().bindBidirectional(value);
    return area;
  }
}
