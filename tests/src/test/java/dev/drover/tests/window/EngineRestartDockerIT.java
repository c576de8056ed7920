package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.awaitText;

import dev.drover.app.Drover;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.PrivateDockerd;
import dev.drover.tests.support.RealParts;
import java.nio.file.Path;
import java.util.UUID;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** An engine that stops and comes back, as a real dockerd of the test's own does. */
@ExtendWith(ApplicationExtension.class)
class EngineRestartDockerIT {

  private static PrivateDockerd engine;

  @TempDir Path configHome;
  private Drover drover;

  @BeforeAll
  static void startEngine() throws Exception {
    RealParts.display();
    // A short path: dockerd's containerd sockets live under it and unix socket paths are limited to
    // 107 bytes.
    engine =
        new PrivateDockerd(
            Path.of("/tmp", "drover-dockerd-" + UUID.randomUUID().toString().substring(0, 8)));
    engine.start();
  }

  @AfterAll
  static void stopEngine() throws Exception {
    if (engine != null) engine.close();
  }

  @Start
  void start(Stage stage) {
    drover = Fx.droverFor(engine.endpoint().host().toString(), configHome);
    drover.show(stage);
  }

  @AfterEach
  void closeApp() {
    drover.close();
  }

  @Test
  void stoppingTheEngineTurnsTheStatusBarUnreachableAndBackWhenItReturns(FxRobot robot)
      throws Exception {
    awaitText(robot, "#engine-status", t -> t.startsWith("Connected"), "connected at first");

    engine.stop();
    awaitText(
        robot,
        "#engine-status",
        t -> t.startsWith("Unreachable: "),
        "unreachable once the engine stops");
    awaitText(
        robot,
        "#engine-status",
        t -> t.contains("Is Docker running?") || t.contains("Is the engine running?"),
        "the reason says what to check");

    engine.start();
    awaitText(
        robot,
        "#engine-status",
        t -> t.startsWith("Connected"),
        "connected again when the engine returns");
  }
}
