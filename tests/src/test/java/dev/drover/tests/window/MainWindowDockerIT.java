package dev.drover.tests.window;

import dev.drover.tests.support.TestEngine;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;

/** The main window against Debian's dockerd. */
class MainWindowDockerIT extends MainWindowContract {

  // TestFX finds @Start only on the test class itself.
  @Start
  @Override
  void start(Stage stage) {
    super.start(stage);
  }

  @Override
  TestEngine.Kind engine() {
    return TestEngine.Kind.DOCKER;
  }
}
