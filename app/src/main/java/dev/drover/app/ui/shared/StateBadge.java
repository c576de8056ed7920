package dev.drover.app.ui.shared;

import java.util.function.Function;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;

/**
 * A state word ("running", "exited") as a coloured badge in a table cell; each page says which
 * colour (an AtlantaFX style class such as {@code Styles.SUCCESS}) a state gets.
 */
public final class StateBadge<R> extends TableCell<R, String> {

  private final Label badge = new Label();
  private final Function<String, String> tone;

  /**
   * @param tone the style class of a state's badge
   */
  public StateBadge(Function<String, String> tone) {
    this.tone = tone;
  }

  @Override
  protected void updateItem(String state, boolean empty) {
    super.updateItem(state, empty);
    if (empty || state == null) {
      setGraphic(null);
      return;
    }
    badge.setText(state);
    badge.getStyleClass().setAll("label", "state-badge", tone.apply(state));
    setGraphic(badge);
  }
}
