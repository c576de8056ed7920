package dev.drover.app.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A page whose content is not built yet: says so plainly rather than showing an empty pane. */
public final class PlaceholderView extends VBox {

  public PlaceholderView(Page page, String whatComes) {
    var title = new Label(page.title());
    title.getStyleClass().add(Styles.TITLE_3);
    var text = new Label(whatComes);
    text.getStyleClass().add(Styles.TEXT_MUTED);
    text.setWrapText(true);
    setSpacing(12);
    setPadding(new Insets(16));
    getChildren().addAll(title, text);
  }
}
