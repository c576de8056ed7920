package dev.drover.app.ui.shell;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;

/**
 * A message under a toolbar that takes space only while it has something to say, readable in full
 * and copied.
 */
public final class Notes {

  private Notes() {}

  public static Label note(String id, ObservableStringValue text, String style) {
    var label = new Label();
    label.setId(id);
    label.getStyleClass().add(style);
    label.textProperty().bind(text);
    ErrorText.readable(label);
    label.visibleProperty().bind(label.textProperty().isNotEmpty());
    label.managedProperty().bind(label.visibleProperty());
    return label;
  }
}
