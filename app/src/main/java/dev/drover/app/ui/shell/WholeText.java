package dev.drover.app.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.layout.Region;

/**
 * Keeps the words of labels, buttons and column headers whole. A row that runs short of room then
 * shrinks its text fields and its tables' data, never a label to "…": a button whose text is cut
 * cannot be told from its neighbours.
 */
public final class WholeText {

  /** Room for the sort arrow a header shows once its column sorts the table. */
  private static final double SORT_ARROW = 14;

  private WholeText() {}

  /** Keeps each control at least as wide as its text (and graphic) needs. */
  public static void keep(Region... controls) {
    for (var control : controls) control.setMinWidth(Region.USE_PREF_SIZE);
  }

  /**
   * Keeps whole the labels among {@code form}'s own children: a form's field names, not its fields,
   * nor the wrapping text (a hint, an error) that takes the lines it needs instead.
   */
  public static void labels(Parent form) {
    for (var child : form.getChildrenUnmodifiable()) {
      if (child instanceof Label label && !label.isWrapText()) keep(label);
    }
  }

  /**
   * Shows {@code control} as its icon alone, for a row with more buttons than room; its text stays
   * its name (for tests and screen readers) and {@code tooltip}, which should start with it, says
   * it on hover.
   */
  public static void iconOnly(Labeled control, String tooltip) {
    control.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    control.getStyleClass().add(Styles.BUTTON_ICON);
    control.setTooltip(new Tooltip(tooltip));
  }

  /**
   * Keeps every column of {@code table} at least as wide as its header's text; the table scrolls
   * sideways when its columns need more room than it has. The headers are measured as the skin
   * draws them, once it has.
   */
  public static void headers(TableView<?> table) {
    Runnable measure =
        () ->
            Platform.runLater(
                () -> {
                  for (var node : table.lookupAll(".column-header")) {
                    if (!(node instanceof TableColumnHeader header)
                        || header.getTableColumn() == null) continue;
                    header.applyCss();
                    var label = header.lookup(".label");
                    if (!(label instanceof Label text)
                        || text.getText() == null
                        || text.getText().isEmpty()) continue;
                    TableColumnBase<?, ?> column = header.getTableColumn();
                    var needed =
                        Math.ceil(
                            header.snappedLeftInset()
                                + text.prefWidth(-1)
                                + header.snappedRightInset()
                                + SORT_ARROW);
                    if (column.getMinWidth() < needed) column.setMinWidth(needed);
                  }
                });
    table
        .skinProperty()
        .addListener(
            (obs, was, skin) -> {
              if (skin != null) measure.run();
            });
    table.getColumns().addListener((ListChangeListener<Object>) change -> measure.run());
    if (table.getSkin() != null) measure.run();
  }
}
