package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.theme.PrimerLight;
import com.github.dockerjava.api.DockerClient;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.containers.logs.LogEntry;
import dev.drover.app.ui.containers.logs.LogsTuning;
import dev.drover.app.ui.containers.logs.LogsView;
import dev.drover.app.ui.containers.logs.LogsViewModel;
import dev.drover.engine.EngineClients;
import dev.drover.engine.logs.ContainerLogs;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.util.Optional;
import java.util.function.Function;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
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
 * The logs view in a real window under Xvfb, reading a real container's log from the shared
 * dockerd.
 */
@ExtendWith(ApplicationExtension.class)
class LogsWindowDockerIT {

  private static DockerClient docker;
  private static String container;
  private static String knownLine;

  private EngineClients clients;
  private LogsViewModel model;

  @BeforeAll
  static void containerWithAKnownLine() throws Exception {
    RealParts.display();
    docker = TestEngine.client();
    var image = TestImages.busybox(docker);
    container = TestEngine.uniqueName("logs-window");
    knownLine = "hello from " + container;
    docker
        .createContainerCmd(image)
        .withName(container)
        .withCmd(
            "sh",
            "-c",
            "echo before; echo '"
                + knownLine
                + "'; printf '\\033[31mred alert\\033[0m\\n' >&2; echo after; sleep 300")
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
    var ui = new FxUiDispatcher();
    model =
        new LogsViewModel(
            new ContainerLogs(clients)::follow,
            Background.virtualThreads(ui),
            ui,
            container,
            LogsTuning.defaults());
    stage.setScene(new Scene(new LogsView(model), 900, 500));
    stage.show();
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
  void aContainersLineBecomesVisibleInTheList(FxRobot robot) {
    await("the known line is shown")
        .atMost(PATIENCE)
        .until(() -> visibleCell(robot, knownLine, cell -> true).isPresent());

    awaitText(robot, "#logs-status", "Streaming"::equals, "the status says the log is streaming");
    await("the stderr line is shown without its escape codes, marked as stderr")
        .atMost(PATIENCE)
        .until(
            () -> visibleCell(robot, "red alert", cell -> cell.getItem().stderr()).orElse(false));
  }

  @Test
  void searchHighlightsTheMatchingLine(FxRobot robot) {
    await("the known line is shown")
        .atMost(PATIENCE)
        .until(() -> visibleCell(robot, knownLine, cell -> true).isPresent());

    // The name's random part is in the known line only.
    robot.clickOn("#logs-search").write(container.substring(container.length() - 8));

    awaitText(robot, "#logs-matches", "1 of 1"::equals, "one match is counted");
    await("the matching line is highlighted")
        .atMost(PATIENCE)
        .until(
            () ->
                visibleCell(
                        robot,
                        knownLine,
                        cell -> cell.getStyleClass().contains("logs-current-match"))
                    .orElse(false));
    assertThat(
            visibleCell(
                robot,
                "before",
                cell -> cell.getStyleClass().stream().noneMatch(c -> c.endsWith("match"))))
        .as("other lines are not highlighted")
        .contains(true);
  }

  @Test
  void theFollowToggleSwitchesBetweenStreamingAndPaused(FxRobot robot) {
    awaitText(robot, "#logs-status", "Streaming"::equals, "streaming at first");

    robot.clickOn("#logs-follow");
    awaitText(robot, "#logs-status", "Paused"::equals, "paused after the toggle");
    robot.clickOn("#logs-follow");
    awaitText(robot, "#logs-status", "Streaming"::equals, "streaming again");
  }

  /**
   * Reads {@code what} from the visible cell showing {@code text}, on the FX thread; empty when
   * none shows it.
   */
  @SuppressWarnings("unchecked")
  private static <T> Optional<T> visibleCell(
      FxRobot robot, String text, Function<ListCell<LogEntry>, T> what) {
    return onFx(
        () ->
            robot
                .from(robot.lookup("#logs-list").<Node>query())
                .lookup(
                    (Node n) ->
                        n instanceof ListCell<?> cell
                            && cell.isVisible()
                            && !cell.isEmpty()
                            && cell.getItem() instanceof LogEntry entry
                            && entry.text().equals(text))
                .tryQuery()
                .map(n -> what.apply((ListCell<LogEntry>) n)));
  }
}
