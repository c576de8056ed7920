package dev.drover.bench;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The baseline for the first-frame benchmark: the plainest JavaFX window, reporting its first frame
 * exactly as Drover's launcher does (a post-layout pulse listener, then one runLater after that
 * pulse has rendered).
 */
public final class HelloWorld extends Application {

  /** The argument that keeps the window open after its first frame, for memory and idle CPU. */
  static final String STAY = "--stay";

  @Override
  public void start(Stage stage) {
    var scene = new Scene(new StackPane(new Label("Hello, world")), 1100, 700);
    scene.addPostLayoutPulseListener(
        new Runnable() {
          @Override
          public void run() {
            scene.removePostLayoutPulseListener(this);
            Platform.runLater(
                () -> {
                  System.out.println("FIRST_FRAME");
                  System.out.flush();
                  if (!getParameters().getRaw().contains(STAY)) Platform.exit();
                });
          }
        });
    stage.setScene(scene);
    stage.show();
  }

  /**
   * A main class that is not the Application, as Drover's launcher is, so both start from the class
   * path alike.
   */
  public static final class Main {
    public static void main(String[] args) {
      Application.launch(HelloWorld.class, args);
    }
  }
}
