package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.controls.Message;
import dev.drover.app.Drover;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The containerd page in the real main window, next to dockerd: with no VM running and its engine
 * left at its default (moby) the page says no VM is in use and how to get containerd.
 */
@ExtendWith(ApplicationExtension.class)
class ContainerdPageDockerIT {

  @TempDir Path configHome;
  private Drover drover;

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) {
    drover = Fx.droverFor(TestEngine.host(), configHome);
    drover.show(stage);
  }

  @AfterEach
  void closeApp() {
    drover.close();
  }

  @Test
  void theSidebarOpensTheContainerdPageWhichSaysNoVmIsInUse(FxRobot robot) {
    robot.clickOn("#nav-containerd");

    // The app uses dockerd and no VM runs: the page must not speak of a VM running an engine.
    await("the containerd page shows why it is empty")
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(
                    () ->
                        robot
                            .lookup("#containerd-notice")
                            .<Message>tryQuery()
                            .map(Message::getDescription)
                            .orElse("")),
            text -> text.startsWith("No VM is in use") && text.contains("Settings → VM"));
    assertThat(
            onFx(
                () ->
                    robot.lookup(".title-3").<Labeled>queryAll().stream()
                        .filter(Node::isVisible)
                        .map(Labeled::getText)
                        .toList()))
        .containsExactly("containerd");
    assertThat(
            Fx.showsText(robot, "Run containers with nerdctl or ctr in the VM (`drover vm shell`)"))
        .isTrue();
  }
}
