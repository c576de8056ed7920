package dev.drover.app.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;

/** The question a page asks before a command that deletes something for good. */
public final class Confirm {

  private Confirm() {}

  /**
   * Shows a confirmation over {@code owner}'s window and waits for the answer. The confirming
   * button is styled as dangerous and Cancel is the default, so Enter never deletes anything by
   * accident.
   *
   * @param owner the node whose window owns the dialog; it may not be in a scene yet
   * @param header the question, e.g. "Remove volume pgdata?"
   * @param detail what the command will do, in the dialog's body
   * @param confirm the confirming button's text, e.g. "Remove"
   * @param buttonId the confirming button's node id, for tests to find it
   * @return true when the user chose {@code confirm}
   */
  public static boolean ask(
      Node owner, String header, String detail, String confirm, String buttonId) {
    var go = new ButtonType(confirm, ButtonBar.ButtonData.OK_DONE);
    var alert = new Alert(Alert.AlertType.CONFIRMATION, detail, go, ButtonType.CANCEL);
    alert.setTitle("Drover");
    alert.setHeaderText(header);
    if (owner.getScene() != null) alert.initOwner(owner.getScene().getWindow());
    var goButton = (Button) alert.getDialogPane().lookupButton(go);
    goButton.setId(buttonId);
    goButton.getStyleClass().add(Styles.DANGER);
    goButton.setDefaultButton(false);
    ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
    return alert.showAndWait().filter(go::equals).isPresent();
  }
}
