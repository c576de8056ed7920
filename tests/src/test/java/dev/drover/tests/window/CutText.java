package dev.drover.tests.window;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TreeView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.text.Text;

/**
 * Finds the labelled controls of a scene whose text a user cannot read in full: the skin shows less
 * than the control's text (an ellipsis, or nothing), or the control sits past the window's right
 * edge. Rows of tables and lists are data, cut as their columns are narrowed, and are left out;
 * their column headers are checked.
 */
final class CutText {

  /**
   * One control a user cannot read: where it is, what it is, what it should say and what it shows.
   */
  record Cut(String where, String control, String text, String shown) {
    @Override
    public String toString() {
      return where + ": " + control + " \"" + text + "\" shows \"" + shown + "\"";
    }
  }

  private CutText() {}

  /**
   * The cut controls of {@code scene}, each named as being on {@code where}. Call on the FX thread.
   */
  static List<Cut> in(Scene scene, String where) {
    var cuts = new ArrayList<Cut>();
    scene.getRoot().applyCss();
    scene.getRoot().layout();
    walk(scene.getRoot(), where, scene.getWidth(), false, cuts);
    return cuts;
  }

  private static void walk(
      Node node, String where, double sceneWidth, boolean scrolls, List<Cut> cuts) {
    if (!node.isVisible() || node instanceof VirtualFlow<?>) return;
    if (node instanceof Labeled labeled) check(labeled, where, sceneWidth, scrolls, cuts);
    var inScrolling =
        scrolls
            || node instanceof TableView<?>
            || node instanceof TreeTableView<?>
            || node instanceof ListView<?>
            || node instanceof TreeView<?>
            || (node instanceof ScrollPane pane && !pane.isFitToWidth());
    if (node instanceof Parent parent) {
      for (var child : parent.getChildrenUnmodifiable())
        walk(child, where, sceneWidth, inScrolling, cuts);
    }
  }

  private static void check(
      Labeled labeled, String where, double sceneWidth, boolean scrolls, List<Cut> cuts) {
    var text = labeled.getText();
    if (text == null || text.isEmpty()) return;
    if (labeled.getContentDisplay() == ContentDisplay.GRAPHIC_ONLY) {
      // An icon button: its text is its tooltip's.
      var tooltip = labeled.getTooltip();
      if (tooltip == null || tooltip.getText() == null || !tooltip.getText().contains(text)) {
        cuts.add(new Cut(where, describe(labeled), text, "an icon without its text in a tooltip"));
      }
      return;
    }
    var shown = shownText(labeled);
    if (shown == null) return; // not skinned yet: not on screen
    if (!shown.equals(text)
        && !(labeled.isMnemonicParsing() && shown.equals(withoutMnemonic(text)))) {
      cuts.add(new Cut(where, describe(labeled), text, shown));
      return;
    }
    Bounds bounds = labeled.localToScene(labeled.getBoundsInLocal());
    if (!scrolls && bounds.getMaxX() > sceneWidth + 1) {
      cuts.add(
          new Cut(
              where,
              describe(labeled),
              text,
              "past the right edge of the window, at x=" + Math.round(bounds.getMinX())));
    }
  }

  /**
   * The text the control's skin draws: its LabeledText, found among its own nodes (not a nested
   * control's).
   */
  private static String shownText(Labeled labeled) {
    var found = findLabeledText(labeled);
    return found == null ? null : found.getText();
  }

  private static Text findLabeledText(Parent parent) {
    for (var child : parent.getChildrenUnmodifiable()) {
      if (child instanceof Text text && child.getClass().getSimpleName().equals("LabeledText"))
        return text;
    }
    for (var child : parent.getChildrenUnmodifiable()) {
      if (child instanceof Labeled || !(child instanceof Parent nested)) continue;
      var found = findLabeledText(nested);
      if (found != null) return found;
    }
    return null;
  }

  private static String withoutMnemonic(String text) {
    var at = text.indexOf('_');
    return at < 0 || at == text.length() - 1
        ? text
        : text.substring(0, at) + text.substring(at + 1);
  }

  private static String describe(Labeled labeled) {
    var id = labeled.getId();
    var kind = labeled.getClass().getSimpleName();
    return id == null ? kind : kind + "#" + id;
  }
}
