package dev.drover.tests.window;

import dev.drover.tests.support.PodmanHealthChecks;
import dev.drover.tests.support.TestEngine;
import java.io.IOException;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;

/**
 * The main window on containers of realistic images, against Podman's Docker-compatible service.
 */
class RealisticImagesWindowPodmanIT extends RealisticImagesWindowContract {

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

  /**
   * Podman runs health checks from systemd timers, which the test service (without systemd) does
   * not have.
   */
  @Override
  void runHealthCheck(String container) throws IOException {
    PodmanHealthChecks.run(engine().host(), container);
  }
}
