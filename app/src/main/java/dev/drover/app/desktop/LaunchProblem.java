package dev.drover.app.desktop;

import atlantafx.base.theme.PrimerLight;
import java.util.concurrent.CountDownLatch;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;

/**
 * Tells a user whose launch could not start Drover why, in a window: a launch from the desktop or
 * the start menu has no console, so a message on standard error alone would leave them with nothing
 * on screen.
 */
public final class LaunchProblem {

  /** The window's title, as a desktop shows it (and tests find it). */
  public static final String TITLE = "Drover could not start";

  private LaunchProblem() {}

  /**
   * Shows {@code message} and returns once the user has closed it. Where no window can be shown (no
   * display), returns at once: the caller has already written the message to standard error.
   */
  public static void show(String message) {
    var closed = new CountDownLatch(1);
    try {
      Platform.startup(
          () -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            var alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
            alert.setTitle(TITLE);
            alert.setHeaderText(TITLE);
            alert.setOnHidden(event -> closed.countDown());
            alert.show();
          });
      closed.await();
    } catch (RuntimeException | LinkageError noWindows) {
      // No display or no toolkit: standard error is all there is.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Platform.exit();
      } catch (RuntimeException | LinkageError ignored) {
        // The toolkit never started.
      }
    }
  }
}
