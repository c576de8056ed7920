package dev.drover.app.ui.time;

import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Whether a node can be seen: it and each of its ancestors visible (a page not shown, a tab not
 * selected, a pooled table row are not), in a window that is showing and not minimised. Observed
 * lazily: nothing listens while nobody observes the answer.
 */
final class OnScreen {

  private static final ObservableValue<Boolean> NO =
      new ReadOnlyBooleanWrapper(false).getReadOnlyProperty();

  /**
   * Each node's "visible with all its ancestors", kept on the node so the cells below it share it.
   */
  private static final Object TREE_VISIBLE = new Object();

  private OnScreen() {}

  static ObservableValue<Boolean> of(Node node) {
    var windowShown =
        node.sceneProperty().flatMap(Scene::windowProperty).flatMap(OnScreen::shown).orElse(false);
    return treeVisible(node).flatMap(visible -> visible ? windowShown : NO);
  }

  @SuppressWarnings("unchecked")
  private static ObservableValue<Boolean> treeVisible(Node node) {
    var known = (ObservableValue<Boolean>) node.getProperties().get(TREE_VISIBLE);
    if (known != null) return known;
    // Made once per node: the mappers below hand back the same chain, so a change up the tree
    // re-subscribes nothing.
    var parentVisible = node.parentProperty().flatMap(OnScreen::treeVisible).orElse(true);
    var visible = node.visibleProperty().flatMap(self -> self ? parentVisible : NO);
    node.getProperties().put(TREE_VISIBLE, visible);
    return visible;
  }

  private static ObservableValue<Boolean> shown(Window window) {
    if (!(window instanceof Stage stage)) return window.showingProperty();
    var notMinimised = stage.iconifiedProperty().map(iconified -> !iconified);
    return stage.showingProperty().flatMap(showing -> showing ? notMinimised : NO);
  }
}
