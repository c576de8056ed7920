package dev.drover.app.ui.shell;

import atlantafx.base.controls.Message;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Errors a user can read in full and copy: the text wraps and keeps the height it needs (a dialog
 * grows to show it), it is shown whole on hover, and "Copy" in its context menu puts the whole text
 * on the clipboard, e.g. to paste the engine's answer into a search or a bug report.
 */
public final class ErrorText {

  /** The widest a hover shows an error before wrapping it. */
  private static final double TOOLTIP_WIDTH = 640;

  private static final Object INSTALLED = new Object();

  private ErrorText() {}

  /** Makes {@code label} show its text in full and offer it for copying; returns it. */
  public static <T extends Labeled> T readable(T label) {
    label.setWrapText(true);
    label.setMinHeight(Region.USE_PREF_SIZE);
    onFirstUse(
        label,
        () -> {
          var tooltip = tooltip(label.textProperty());
          label
              .tooltipProperty()
              .bind(
                  Bindings.when(label.textProperty().isEmpty())
                      .then((Tooltip) null)
                      .otherwise(tooltip));
          copyMenu(label, label::getText);
        });
    label.textProperty().addListener((obs, was, text) -> growDialog(label.getScene()));
    return label;
  }

  /**
   * The same for a message box: its description wraps already; "Copy" copies its title and
   * description.
   */
  public static Message readable(Message message) {
    message.setMinHeight(Region.USE_PREF_SIZE);
    onFirstUse(
        message,
        () ->
            copyMenu(
                message,
                () -> {
                  var title = message.getTitle() == null ? "" : message.getTitle();
                  var description =
                      message.getDescription() == null ? "" : message.getDescription();
                  return title.isEmpty()
                      ? description
                      : description.isEmpty() ? title : title + ": " + description;
                }));
    message.descriptionProperty().addListener((obs, was, text) -> growDialog(message.getScene()));
    return message;
  }

  /** Puts {@code text} on the system clipboard. Call on the UI thread. */
  public static void copy(String text) {
    var content = new ClipboardContent();
    content.putString(text == null ? "" : text);
    Clipboard.getSystemClipboard().setContent(content);
  }

  /**
   * Runs {@code install} when the pointer first comes over {@code node} or its context menu is
   * first asked for, whichever comes first. The status bar's engine text is in the window's first
   * frame, which should not wait for the tooltip and menu classes. The menu is asked for from the
   * keyboard too (the menu key, Shift+F10), with no pointer over the node: a filter, so the menu is
   * there before the control's own handler goes to show it.
   */
  private static void onFirstUse(Node node, Runnable install) {
    Runnable once =
        () -> {
          if (node.getProperties().putIfAbsent(INSTALLED, Boolean.TRUE) == null) install.run();
        };
    node.addEventHandler(MouseEvent.MOUSE_ENTERED, entered -> once.run());
    node.addEventFilter(ContextMenuEvent.CONTEXT_MENU_REQUESTED, requested -> once.run());
  }

  private static Tooltip tooltip(ObservableStringValue text) {
    var tooltip = new Tooltip();
    tooltip.textProperty().bind(text);
    tooltip.setWrapText(true);
    tooltip.setMaxWidth(TOOLTIP_WIDTH);
    tooltip.setShowDuration(Duration.INDEFINITE);
    return tooltip;
  }

  private static void copyMenu(Control control, Supplier<String> text) {
    var copy = new MenuItem("Copy", new FontIcon(Feather.COPY));
    copy.setId("copy-error");
    copy.setOnAction(e -> copy(text.get()));
    control.setContextMenu(new ContextMenu(copy));
  }

  /**
   * A dialog is sized to its first content; an error that appears later would be squeezed into that
   * size. The dialog grows by what the error needs (it never shrinks under the user). The main
   * window keeps its size: there the page's table gives up the room.
   */
  private static void growDialog(Scene scene) {
    if (scene == null || !(scene.getRoot() instanceof DialogPane pane)) return;
    Platform.runLater(
        () -> {
          var window = scene.getWindow();
          if (window == null) return;
          var needed = pane.prefHeight(scene.getWidth());
          if (needed > scene.getHeight())
            window.setHeight(window.getHeight() + (needed - scene.getHeight()));
        });
  }
}
