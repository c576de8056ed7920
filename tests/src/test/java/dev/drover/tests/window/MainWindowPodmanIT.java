package dev.drover.tests.window;

import dev.drover.tests.support.TestEngine;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;

/**
 * The same window tests against Podman's Docker-compatible service, as many users run Podman
 * instead.
 */
class MainWindowPodmanIT extends MainWindowContract {

  // TestFX finds @Start only on the test class itself.
  @Start
  @Override
  void start(Stage stage) {
    super.start(stage);
  }

  @Override
  TestEngine.Kind engine() {
    return TestEngine.Kind.PODMAN;
  }
}
