package dev.drover.app.ui.volumes;

import atlantafx.base.theme.Styles;
import dev.drover.app.ui.shell.ErrorText;
import dev.drover.engine.volumes.VolumeFiles;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** A volume's files, read-only: pick a file on the left to see its start on the right. */
public final class VolumeBrowserDialog extends Dialog<Void> {

  public VolumeBrowserDialog(VolumeBrowserViewModel model, Window owner) {
    setTitle("Volume " + model.volume());
    setHeaderText("Files in volume " + model.volume() + " (read-only)");
    if (owner != null) initOwner(owner);

    var list = new ListView<>(model.entriesProperty());
    list.setId("volume-files");
    list.setCellFactory(
        view ->
            new ListCell<>() {
              @Override
              protected void updateItem(VolumeFiles.Entry entry, boolean empty) {
                super.updateItem(entry, empty);
                setText(
                    empty || entry == null
                        ? null
                        : entry.directory()
                            ? entry.path() + "/"
                            : entry.linkTarget() != null
                                ? entry.path() + " → " + entry.linkTarget()
                                : entry.path() + "  (" + entry.size() + " bytes)");
              }
            });
    list.getSelectionModel()
        .selectedItemProperty()
        .addListener((obs, old, entry) -> model.open(entry));
    var preview = new TextArea();
    preview.setId("volume-file-preview");
    preview.setEditable(false);
    preview.setStyle("-fx-font-family: monospace;");
    preview.textProperty().bind(model.previewProperty());
    var split = new SplitPane(list, preview);
    split.setDividerPositions(0.4);
    split.setPrefSize(800, 450);
    var status = new Label();
    status.setId("volume-browser-status");
    status.getStyleClass().add(Styles.TEXT_MUTED);
    status.textProperty().bind(model.statusProperty());
    ErrorText.readable(status);
    getDialogPane().setContent(new VBox(8, split, status));
    getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
  }
}
