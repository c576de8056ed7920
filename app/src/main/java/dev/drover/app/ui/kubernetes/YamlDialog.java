package dev.drover.app.ui.kubernetes;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A window with one object's YAML, editable and applied back; the cluster's refusal is shown above
 * the text.
 */
public final class YamlDialog {

  private final Stage stage = new Stage();

  public YamlDialog(YamlViewModel model, Window owner) {
    if (owner != null) stage.initOwner(owner);
    stage.setTitle(model.title());
    var editor = new YamlEditor(model);
    stage.setScene(new Scene(editor, 820, 640));
    model.load();
  }

  public void show() {
    stage.show();
  }

  /** The editor itself, also used in a pod's YAML tab. */
  static final class YamlEditor extends VBox {
    YamlEditor(YamlViewModel model) {
      var text = new TextArea();
      text.setId("kube-yaml-text");
      text.setStyle("-fx-font-family: 'Monospaced'; -fx-font-size: 12px;");
      text.textProperty().bindBidirectional(model.textProperty());
      VBox.setVgrow(text, Priority.ALWAYS);
      var error = new Message("Not applied", "", new FontIcon(Feather.ALERT_OCTAGON));
      error.setId("kube-yaml-error");
      error.getStyleClass().add(Styles.DANGER);
      error.descriptionProperty().bind(model.errorProperty());
      error.visibleProperty().bind(model.errorProperty().isNotEmpty());
      error.managedProperty().bind(error.visibleProperty());
      ErrorText.readable(error);
      var apply = new Button("Apply", new FontIcon(Feather.UPLOAD));
      apply.setId("kube-yaml-apply");
      apply.getStyleClass().add(Styles.ACCENT);
      apply.disableProperty().bind(model.busyProperty());
      apply.setOnAction(e -> model.apply());
      var reload = new Button("Reload", new FontIcon(Feather.REFRESH_CW));
      reload.setId("kube-yaml-reload");
      reload.setOnAction(e -> model.load());
      var status = new Label();
      status.setId("kube-yaml-status");
      status.getStyleClass().add(Styles.TEXT_MUTED);
      status.textProperty().bind(model.statusProperty());
      ErrorText.readable(status);
      WholeText.keep(apply, reload);
      var spacer = new Region();
      HBox.setHgrow(spacer, Priority.ALWAYS);
      var bar = new HBox(8, apply, reload, status, spacer);
      bar.setAlignment(Pos.CENTER_LEFT);
      setSpacing(8);
      setPadding(new Insets(8));
      getChildren().addAll(bar, error);
      if (model.isSecret()) {
        var reveal = new Button("Show secret values", new FontIcon(Feather.EYE));
        reveal.setId("kube-secret-reveal");
        reveal.setOnAction(e -> model.revealSecretValues());
        bar.getChildren().add(reveal);
        var values = new TextArea();
        values.setId("kube-secret-values");
        values.setEditable(false);
        values.setPrefRowCount(4);
        values.textProperty().bind(model.secretValuesProperty());
        values.visibleProperty().bind(model.secretValuesProperty().isNotEmpty());
        values.managedProperty().bind(values.visibleProperty());
        getChildren().add(values);
      }
      getChildren().add(text);
    }
  }
}
