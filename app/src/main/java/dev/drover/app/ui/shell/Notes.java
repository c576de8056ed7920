package dev.drover.app.ui.shell;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;

/** A one-line message under a toolbar that takes space only while it has something to say. */
public final class Notes {

    private Notes() {
    }

    public static Label note(String id, ObservableStringValue text, String style) {
        var label = new Label();
        label.setId(id);
        label.getStyleClass().add(style);
        label.setWrapText(true);
        label.textProperty().bind(text);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
