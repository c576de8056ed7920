package dev.drover.tests.kubernetes;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.Drover;
import dev.drover.app.ui.settings.K3sVersionChoice;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Kubernetes section of the Settings page in the real window: the version picker fills from the
 * versions service (online, or the shipped list when offline) without blocking, and each choice is
 * saved.
 */
@ExtendWith(ApplicationExtension.class)
class K3sSettingsWindowIT {

  private Path configHome;
  private Drover drover;

  @BeforeAll
  static void realParts() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) throws IOException {
    configHome = Files.createTempDirectory("drover-k3s-settings");
    drover = Fx.droverFor(TestEngine.host(), configHome);
    drover.show(stage);
  }

  @AfterEach
  void closeApp() throws IOException {
    drover.close();
    try (var files = Files.walk(configHome)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void kubernetesChoicesAreOfferedAndSaved(FxRobot robot) {
    robot.clickOn("#nav-settings");
    await("the version picker is filled")
        .atMost(PATIENCE)
        .until(() -> onFx(() -> picker(robot).getItems().size() > 2));
    assertThat(onFx(() -> picker(robot).getValue().label())).startsWith("Recommended");

    robot.clickOn("#kubernetes-enabled");
    robot.clickOn("#k3s-traefik");
    robot.clickOn("#k3s-version");
    robot.type(KeyCode.DOWN);
    robot.type(KeyCode.ENTER);

    var chosen = onFx(() -> picker(robot).getValue().tag());
    assertThat(chosen).startsWith("v1.");
    var file = configHome.resolve("settings.json");
    await("the choices are saved")
        .atMost(PATIENCE)
        .until(
            () ->
                Files.exists(file)
                    && Files.readString(file).replace(" ", "").contains("\"enabled\":true")
                    && Files.readString(file).replace(" ", "").contains("\"traefik\":false")
                    && Files.readString(file).contains(chosen));
  }

  @Test
  void theStatusBarFollowsTheKubernetesSwitchWhileTheVmIsStopped(FxRobot robot) {
    await("the status bar shows the cluster")
        .atMost(PATIENCE)
        .until(() -> onFx(() -> text(robot, "#kubernetes-status")), "Kubernetes: off"::equals);
    robot.clickOn("#nav-settings");

    robot.clickOn("#kubernetes-enabled");

    await("the status bar follows the switch")
        .atMost(PATIENCE)
        .until(
            () -> onFx(() -> text(robot, "#kubernetes-status")),
            "Kubernetes: on — starts with the Drover VM"::equals);
  }

  private static String text(FxRobot robot, String id) {
    return robot.lookup(id).queryAs(Labeled.class).getText();
  }

  @SuppressWarnings("unchecked")
  private static ComboBox<K3sVersionChoice> picker(FxRobot robot) {
    return robot.lookup("#k3s-version").queryAs(ComboBox.class);
  }
}
