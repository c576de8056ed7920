package dev.drover.app.ui.images;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.app.ui.shell.WholeText;
import java.io.File;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Modality;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Builds an image from a folder: folder (typed or chosen), Dockerfile name and tag, then the
 * engine's output as it streams. Closing the dialog while a build runs cancels it.
 */
public final class BuildImageDialog extends Dialog<Void> {

  public BuildImageDialog(BuildImageViewModel model, Window owner) {
    setTitle("Build image");
    setHeaderText("Build an image from a folder with a Dockerfile");
    initModality(Modality.NONE);
    if (owner != null) initOwner(owner);
    setResizable(true);

    var folder = new TextField();
    folder.setId("build-folder");
    folder.setPromptText("Folder holding the Dockerfile (the build context)");
    folder.textProperty().bindBidirectional(model.folderProperty());
    HBox.setHgrow(folder, Priority.ALWAYS);
    var browse = new Button("Choose…", new FontIcon(Feather.FOLDER));
    browse.setId("build-browse");
    browse.setOnAction(
        e -> {
          var chooser = new DirectoryChooser();
          chooser.setTitle("Folder to build");
          var current = new File(folder.getText() == null ? "" : folder.getText().strip());
          if (current.isDirectory()) chooser.setInitialDirectory(current);
          var chosen = chooser.showDialog(getDialogPane().getScene().getWindow());
          if (chosen != null) folder.setText(chosen.getAbsolutePath());
        });
    var folderRow = new HBox(6, folder, browse);
    folderRow.setAlignment(Pos.CENTER_LEFT);

    var dockerfile = new TextField();
    dockerfile.setId("build-dockerfile");
    dockerfile.setPromptText("Dockerfile");
    dockerfile.textProperty().bindBidirectional(model.dockerfileProperty());

    var tag = new TextField();
    tag.setId("build-tag");
    tag.setPromptText("Image name, e.g. team/app:1.0");
    tag.textProperty().bindBidirectional(model.tagProperty());

    var form = new GridPane();
    form.setHgap(8);
    form.setVgap(8);
    form.addRow(0, new Label("Folder"), folderRow);
    form.addRow(1, new Label("Dockerfile"), dockerfile);
    form.addRow(2, new Label("Tag"), tag);
    WholeText.labels(form);
    WholeText.keep(browse);
    var grow = new ColumnConstraints();
    grow.setHgrow(Priority.ALWAYS);
    form.getColumnConstraints().addAll(new ColumnConstraints(), grow);

    var build = new Button("Build", new FontIcon(Feather.PLAY));
    build.setId("build-start");
    build.getStyleClass().add(Styles.ACCENT);
    build
        .disableProperty()
        .bind(
            model
                .buildingProperty()
                .or(model.folderProperty().isEmpty())
                .or(model.tagProperty().isEmpty()));
    build.setOnAction(e -> model.build());
    tag.setOnAction(
        e -> {
          if (!build.isDisabled()) model.build();
        });
    var cancel = new Button("Cancel build", new FontIcon(Feather.X));
    cancel.setId("build-cancel");
    cancel.disableProperty().bind(model.buildingProperty().not());
    cancel.setOnAction(e -> model.cancel());
    var status = new Label();
    status.setId("build-status");
    status.getStyleClass().add(Styles.TEXT_MUTED);
    status.textProperty().bind(model.statusProperty());
    WholeText.keep(build, cancel);
    ErrorText.readable(status);
    var actions = new HBox(8, build, cancel, status);
    actions.setAlignment(Pos.CENTER_LEFT);

    var error = new Label();
    error.setId("build-error");
    error.getStyleClass().add(Styles.DANGER);
    error.setWrapText(true);
    error.setGraphic(new FontIcon(Feather.ALERT_TRIANGLE));
    error.textProperty().bind(model.errorProperty());
    error.visibleProperty().bind(model.errorProperty().isNotEmpty());
    error.managedProperty().bind(error.visibleProperty());
    ErrorText.readable(error);

    var output = new ListView<String>(model.outputProperty());
    output.setId("build-output");
    output.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
    output.setStyle("-fx-font-family: monospace;");
    output.setPrefSize(760, 360);
    output.setPlaceholder(new Label("The engine's output appears here."));
    // One scroll per batch: lines arrive batched, so a burst is one jump to the end.
    model
        .outputProperty()
        .addListener(
            (ListChangeListener<String>)
                change -> {
                  var size = model.outputProperty().size();
                  if (size > 0) output.scrollTo(size - 1);
                });
    VBox.setVgrow(output, Priority.ALWAYS);

    var content = new VBox(10, form, actions, error, output);
    content.setPadding(new Insets(4, 0, 0, 0));
    getDialogPane().setContent(content);
    getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
    setOnHidden(e -> model.cancel());
  }
}
