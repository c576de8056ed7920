package dev.drover.app.ui.shell;

import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Runs work once a scene's first frame is on screen, so start-up work never delays what the user
 * sees first.
 */
public final class FirstFrame {

  private FirstFrame() {}

  /**
   * Calls {@code action} on the FX thread after the first pulse that lays out and renders {@code
   * scene}.
   */
  public static void whenRendered(Scene scene, Runnable action) {
    scene.addPostLayoutPulseListener(
        new Runnable() {
          @Override
          public void run() {
            scene.removePostLayoutPulseListener(this);
            // Post-layout comes before rendering; a runLater queued now runs once this pulse has
            // rendered.
            Platform.runLater(action);
          }
        });
  }
}
