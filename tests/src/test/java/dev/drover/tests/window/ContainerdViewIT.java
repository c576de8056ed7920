package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static dev.drover.tests.support.Fx.showsText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.PrimerLight;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.containerd.ContainerdSource;
import dev.drover.app.ui.containerd.ContainerdView;
import dev.drover.app.ui.containerd.ContainerdViewModel;
import dev.drover.engine.containerd.ContainerdClients;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestContainerd;
import java.time.Duration;
import java.util.Optional;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The containerd page under Xvfb over a real containerd (a private one, reached over mutual TLS as
 * the VM's is): what a user sees and clicks, and what containerd then holds.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerdViewIT {

  private static TestContainerd containerd;
  private ContainerdEngine client;
  private ContainerdViewModel model;

  @BeforeAll
  static void startContainerdWithTwoContainers() throws Exception {
    RealParts.display();
    containerd = TestContainerd.start();
    var image = containerd.importBusybox("default");
    containerd.run("default", image, "drover-web", "sleep", "600");
    containerd.run("default", image, "drover-api", "sleep", "600");
  }

  @AfterAll
  static void stopContainerd() {
    if (containerd != null) containerd.close();
  }

  @Start
  void start(Stage stage) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    client = ContainerdClients.open(containerd.tlsEndpoint());
    model =
        new ContainerdViewModel(
            new ContainerdSource() {
              @Override
              public Optional<ContainerdEngine> current() {
                return Optional.of(client);
              }

              @Override
              public Absence absence() {
                return Absence.VM_NOT_RUNNING;
              }

              @Override
              public AutoCloseable subscribe(Runnable changed) {
                return () -> {};
              }
            },
            Background.virtualThreads(new FxUiDispatcher()));
    model.open();
    stage.setScene(new Scene(new ContainerdView(model), 1200, 700));
    stage.show();
  }

  @AfterEach
  void closeTheClient() {
    onFx(
        () -> {
          model.close();
          return null;
        });
    client.close();
  }

  @Test
  @Order(1)
  void stoppingTheSelectedContainerStopsItInContainerdAndItsBadgeTurnsStopped(FxRobot robot)
      throws Exception {
    await("the containers table shows drover-web")
        .atMost(PATIENCE)
        .until(() -> showsText(robot, "drover-web"));
    assertThat(
            onFx(() -> robot.lookup("#containerd-namespace").<ChoiceBox<String>>query().getValue()))
        .isEqualTo("default");

    robot.clickOn(cell(robot, "drover-web"));
    robot.clickOn("#containerd-stop");

    awaitText(
        robot, "#containerd-status", "Stopped drover-web"::equals, "the status says what was done");
    assertThat(containerd.ctr("default", "tasks", "ls"))
        .as("containerd's own view")
        .containsPattern("drover-web\\s+\\d+\\s+STOPPED");
    await("drover-web's badge says stopped")
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(
                        () ->
                            robot.lookup(".state-badge").<Labeled>queryAll().stream()
                                .filter(badge -> "stopped".equals(badge.getText()))
                                .count())
                    == 1);
  }

  @Test
  @Order(2)
  void removingARunningContainerSaysToStopItFirstAndRemovesNothing(FxRobot robot) throws Exception {
    await("the containers table shows drover-api")
        .atMost(PATIENCE)
        .until(() -> showsText(robot, "drover-api"));

    robot.clickOn(cell(robot, "drover-api"));
    robot.clickOn("#containerd-remove");

    await("the refusal shows")
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(
                    () -> {
                      var error = robot.lookup("#containerd-error").<Message>query();
                      return error.isVisible()
                          && "drover-api is running: stop it first, then remove it."
                              .equals(error.getDescription());
                    }));
    assertThat(containerd.ctr("default", "containers", "ls")).contains("drover-api");
  }

  @Test
  @Order(3)
  void aContainerMadeOutsideDroverAppearsByItselfAndTheImageIsListedWithItsSize(FxRobot robot)
      throws Exception {
    await("the table is read").atMost(PATIENCE).until(() -> showsText(robot, "drover-api"));
    containerd.run("default", TestContainerd.BUSYBOX, "drover-late", "sleep", "600");
    await("containerd's events bring it in")
        .atMost(PATIENCE)
        .until(() -> showsText(robot, "drover-late"));

    robot.clickOn("Images");
    await("the image row").atMost(PATIENCE).until(() -> showsText(robot, TestContainerd.BUSYBOX));
    assertThat(onFx(() -> model.visibleImages().getFirst().size()))
        .as("content size in bytes")
        .isPositive();
    assertThat(showsText(robot, onFx(() -> model.visibleImages().getFirst().sizeText()))).isTrue();
  }

  @Test
  @Order(4)
  void containerdDyingIsSaidAndThePageRecoversWhenItReturns(FxRobot robot) throws Exception {
    await("the table is read").atMost(PATIENCE).until(() -> showsText(robot, "drover-api"));
    containerd.kill();
    await("the page says containerd is gone")
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(
                    () -> {
                      var notice = robot.lookup("#containerd-notice").<Message>query();
                      return notice.isVisible()
                          && notice.getDescription() != null
                          && notice.getDescription().startsWith("containerd stopped answering");
                    }));
    containerd.restart();
    await("the notice goes once containerd answers again")
        .atMost(Duration.ofSeconds(60))
        .until(() -> onFx(() -> !robot.lookup("#containerd-notice").<Message>query().isVisible()));
    assertThat(showsText(robot, "drover-api")).as("the rows are read again").isTrue();
  }

  private static Node cell(FxRobot robot, String text) {
    return robot.lookup((Node n) -> n instanceof Labeled l && text.equals(l.getText())).query();
  }
}
