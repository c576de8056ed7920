package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.theme.PrimerLight;
import com.github.dockerjava.api.DockerClient;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.containers.stats.StatsView;
import dev.drover.app.ui.containers.stats.StatsViewModel;
import dev.drover.engine.EngineClients;
import dev.drover.engine.stats.ContainerStats;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The stats view in a real window under Xvfb, charting a real busy container on the shared dockerd.
 */
@ExtendWith(ApplicationExtension.class)
class StatsWindowDockerIT {

  private static DockerClient docker;
  private static String container;

  private EngineClients clients;
  private StatsViewModel model;

  @BeforeAll
  static void busyContainer() throws Exception {
    RealParts.display();
    docker = TestEngine.client();
    var image = TestImages.busybox(docker);
    container = TestEngine.uniqueName("stats-window");
    docker
        .createContainerCmd(image)
        .withName(container)
        .withStopTimeout(1)
        .withCmd("sh", "-c", "while true; do :; done")
        .exec();
    docker.startContainerCmd(container).exec();
  }

  @AfterAll
  static void removeContainer() throws Exception {
    if (docker == null) return;
    if (container != null) TestEngine.removeQuietly(docker, container);
    docker.close();
  }

  @Start
  void start(Stage stage) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    clients = new EngineClients(TestEngine::endpoint);
    model =
        new StatsViewModel(
            new ContainerStats(clients)::follow,
            new FxUiDispatcher(),
            container,
            StatsViewModel.DEFAULT_WINDOW);
    stage.setScene(new Scene(new StatsView(model), 900, 700));
    stage.show();
    model.start();
  }

  @AfterEach
  void closeModel() {
    onFx(
        () -> {
          model.close();
          return null;
        });
    clients.close();
  }

  @Test
  void theCpuChartGetsPointsAndTheLatestLineShowsAPercentage(FxRobot robot) {
    await("the CPU chart shows readings")
        .atMost(PATIENCE)
        .until(() -> points(robot, "#stats-cpu").size() >= 3);
    awaitText(
        robot,
        "#stats-latest",
        text -> text.matches("CPU \\d+\\.\\d %.*"),
        "the latest CPU use as a percentage");
    await("the busy loop shows on the CPU chart")
        .atMost(PATIENCE)
        .until(
            () ->
                points(robot, "#stats-cpu").stream()
                    .anyMatch(point -> point.getYValue().doubleValue() > 5));

    var memory = points(robot, "#stats-memory");
    assertThat(memory)
        .as("memory is charted too")
        .isNotEmpty()
        .allSatisfy(point -> assertThat(point.getYValue().doubleValue()).isPositive());
    assertThat(
            onFx(() -> robot.lookup("#stats-network").<LineChart<Number, Number>>query().getData()))
        .as("received and sent")
        .hasSize(2);
    assertThat(
            onFx(() -> robot.lookup("#stats-cpu").<LineChart<Number, Number>>query().getAnimated()))
        .isFalse();
    assertThat(onFx(() -> robot.lookup("#stats-latest").queryLabeled().getText()))
        .as("memory use over the limit")
        .containsPattern("Memory \\d+(\\.\\d)? [KMG]iB / \\d+\\.\\d [KMGT]iB");
  }

  @Test
  void stoppingTheContainerLeavesTheChartAndSaysSo(FxRobot robot) {
    await("the CPU chart shows readings")
        .atMost(PATIENCE)
        .until(() -> !points(robot, "#stats-cpu").isEmpty());

    docker.stopContainerCmd(container).withTimeout(1).exec();
    try {
      awaitText(
          robot,
          "#stats-status",
          text -> text.contains("not running"),
          "the view says readings stopped");
      assertThat(points(robot, "#stats-cpu")).as("the readings so far stay").isNotEmpty();
    } finally {
      docker.startContainerCmd(container).exec();
    }
  }

  private static List<XYChart.Data<Number, Number>> points(FxRobot robot, String chart) {
    return onFx(
        () ->
            List.copyOf(
                robot
                    .lookup(chart)
                    .<LineChart<Number, Number>>query()
                    .getData()
                    .getFirst()
                    .getData()));
  }
}
