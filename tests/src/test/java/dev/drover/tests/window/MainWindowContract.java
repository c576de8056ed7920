package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.theme.PrimerDark;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.drover.app.Drover;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.terminal.TerminalView;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real main window under Xvfb against a shared real engine: dockerd in {@link
 * MainWindowDockerIT}, Podman's Docker-compatible service in {@link MainWindowPodmanIT}.
 */
@ExtendWith(ApplicationExtension.class)
abstract class MainWindowContract {

  private static DockerClient docker;
  private static String image;
  private static TestEngine.Kind connectedKind;

  /** The engine this run of the tests drives. */
  abstract TestEngine.Kind engine();

  @TempDir Path configHome;
  private Drover drover;

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
  }

  @BeforeEach
  void engineClient() throws Exception {
    if (connectedKind != engine()) {
      closeClient();
      docker = engine().client();
      image = TestImages.busybox(docker);
      connectedKind = engine();
    }
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (docker != null) docker.close();
    docker = null;
    connectedKind = null;
  }

  @Start
  void start(Stage stage) {
    drover = Fx.droverFor(engine().host(), configHome);
    drover.show(stage);
  }

  @AfterEach
  void closeApp() {
    drover.close();
  }

  @Test
  void statusBarNamesTheConnectedEngine(FxRobot robot) {
    awaitText(
        robot,
        "#engine-status",
        t -> t.startsWith("Connected to DOCKER_HOST " + engine().host()),
        "the status bar says which engine it is connected to");
    assertThat(Fx.text(robot, "#engine-status")).matches(".* · Engine \\d+\\.\\d+.*");
  }

  @Test
  void containerStartedOnTheEngineAppearsInTheListAndFollowsItsState(FxRobot robot) {
    var name = TestEngine.uniqueName("listed");
    try {
      var id =
          docker.createContainerCmd(image).withName(name).withCmd("sleep", "300").exec().getId();
      docker.startContainerCmd(id).exec();

      await("the new container is listed as running")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.state().equals("running"));
      assertThat(Fx.showsText(robot, name)).as("its name is visible in the table").isTrue();
      // Podman names local images localhost/…; dockerd keeps the name as given.
      assertThat(row(robot, name).image()).endsWith(image);

      docker.stopContainerCmd(id).withTimeout(0).exec();
      await("the stopped container is shown as exited")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.state().equals("exited"));

      docker.removeContainerCmd(id).exec();
      await("the removed container leaves the list")
          .atMost(PATIENCE)
          .until(() -> row(robot, name) == null);
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  @Test
  void stoppingAndRemovingFromTheWindowActOnTheEngine(FxRobot robot) {
    var name = TestEngine.uniqueName("actions");
    try {
      var id =
          docker.createContainerCmd(image).withName(name).withCmd("sleep", "300").exec().getId();
      docker.startContainerCmd(id).exec();
      await("listed as running")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.running());

      clickRow(robot, name);
      robot.clickOn("#action-stop");
      await("the engine stopped it")
          .atMost(PATIENCE)
          .until(() -> !docker.inspectContainerCmd(id).exec().getState().getRunning());
      await("the row shows it exited")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.state().equals("exited"));
      awaitText(
          robot,
          "#containers-action-status",
          t -> t.equals("Stopped " + name),
          "the action reports back");

      clickRow(robot, name);
      robot.clickOn("#action-remove");
      await("the removal is asked about first")
          .atMost(PATIENCE)
          .until(
              () -> Fx.showsText(robot, "Remove container " + name + "? This cannot be undone."));
      robot.clickOn("Remove");
      await("the engine removed it").atMost(PATIENCE).until(() -> !exists(id));
      await("the row is gone").atMost(PATIENCE).until(() -> row(robot, name) == null);
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  @Test
  void containerRunFromTheDialogAppearsInTheList(FxRobot robot) {
    var name = TestEngine.uniqueName("dialog");
    try {
      await("the table is up")
          .atMost(PATIENCE)
          .until(() -> Fx.showsText(robot, "Run a container…"));
      robot.clickOn("#run-container");
      robot.clickOn("#run-image").write(image);
      robot.clickOn("#run-name").write(name);
      robot.clickOn("#run-ports").write("80a:80");
      awaitText(
          robot,
          "#run-problem",
          t -> t.contains("\"80a\" is not a port number"),
          "bad input is named");
      assertThat(onFx(() -> robot.lookup("#run-button").query().isDisabled()))
          .as("nothing to run yet")
          .isTrue();

      robot.clickOn("#run-ports").eraseText(6);
      robot.clickOn("#run-command").write("sleep 300");
      awaitText(robot, "#run-problem", String::isEmpty, "the input is valid");
      robot.clickOn("#run-button");

      await("the dialog's container is listed as running")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.running());
      await("the dialog closed")
          .atMost(PATIENCE)
          .until(() -> !Fx.showsText(robot, "Run a container"));
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  @Test
  void aContainersLogsStatsInspectDocumentAndTerminalOpenFromTheList(FxRobot robot) {
    var name = TestEngine.uniqueName("logs");
    var line = "hello from " + name;
    try {
      var id =
          docker
              .createContainerCmd(image)
              .withName(name)
              .withCmd("sh", "-c", "echo '" + line + "'; sleep 300")
              .exec()
              .getId();
      docker.startContainerCmd(id).exec();
      await("listed as running")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.running());

      clickRow(robot, name);
      robot.clickOn("#action-details");
      await("the line the container printed is shown")
          .atMost(PATIENCE)
          .until(() -> logShows(robot, line));

      robot.clickOn("Stats");
      await("the container's resource use is charted")
          .atMost(PATIENCE)
          .until(() -> Fx.text(robot, "#stats-latest"), t -> t != null && t.contains("%"));

      robot.clickOn("Inspect");
      await("the inspect document names the container")
          .atMost(PATIENCE)
          .until(
              () ->
                  onFx(() -> robot.lookup("#inspect-json").<TextArea>query().getText())
                      .contains("\"Id\" : \"" + id + "\""));

      robot.clickOn("Terminal");
      await("a shell prompt in the terminal")
          .atMost(PATIENCE)
          .until(() -> terminalText(robot).contains("#"));
      robot.clickOn("#terminal-web").write("echo term-$((3*4))").type(KeyCode.ENTER);
      await("the shell's answer in the terminal")
          .atMost(PATIENCE)
          .until(() -> terminalText(robot).contains("term-12"));

      robot.clickOn("#details-back");
      await("back at the list").atMost(PATIENCE).until(() -> row(robot, name) != null);
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  private static String terminalText(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#terminal")
                .<TerminalView>tryQuery()
                .map(TerminalView::screenText)
                .orElse(""));
  }

  private static boolean logShows(FxRobot robot, String line) {
    return onFx(
        () ->
            robot
                .lookup("#logs-list")
                .<ListView<?>>tryQuery()
                .map(
                    list ->
                        list.getItems().stream().anyMatch(item -> item.toString().contains(line)))
                .orElse(false));
  }

  @Test
  void aComposeProjectIsStoppedAndStartedAsOne(FxRobot robot) {
    var project = TestEngine.uniqueName("stack");
    var names = List.of(project + "-web", project + "-db");
    try {
      for (var name : names) {
        // Exits on SIGTERM at once, as a well-behaved service does, so a stop does not wait out its
        // grace time.
        var id =
            docker
                .createContainerCmd(image)
                .withName(name)
                .withCmd("sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait")
                .withLabels(Map.of("com.docker.compose.project", project))
                .exec()
                .getId();
        docker.startContainerCmd(id).exec();
      }
      awaitText(
          robot,
          "#project-" + project,
          t -> t.equals(project + " · 2 of 2 running"),
          "the project is shown");

      robot.clickOn("#project-stop-" + project);
      awaitText(
          robot,
          "#project-" + project,
          t -> t.equals(project + " · 0 of 2 running"),
          "all of it stopped");
      for (var name : names) {
        assertThat(docker.inspectContainerCmd(name).exec().getState().getRunning())
            .as(name)
            .isFalse();
      }

      robot.clickOn("#project-start-" + project);
      awaitText(
          robot,
          "#project-" + project,
          t -> t.equals(project + " · 2 of 2 running"),
          "all of it started");
    } finally {
      names.forEach(name -> TestEngine.removeQuietly(docker, name));
    }
  }

  @Test
  void aRunningContainerShowsItsCpuAndMemoryUse(FxRobot robot) {
    var name = TestEngine.uniqueName("usage");
    try {
      var id =
          docker.createContainerCmd(image).withName(name).withCmd("sleep", "300").exec().getId();
      docker.startContainerCmd(id).exec();
      await("listed as running")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.running());

      await("its CPU use is shown")
          .atMost(PATIENCE)
          .until(() -> usage(robot, name, "column-cpu"), t -> t.endsWith(" %"));
      assertThat(usage(robot, name, "column-memory")).contains("iB");
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  /** The text of {@code name}'s cell in the column with {@code columnId}. */
  @SuppressWarnings("unchecked")
  private static String usage(FxRobot robot, String name, String columnId) {
    return onFx(
        () -> {
          var table = robot.lookup("#containers-table").<TableView<ContainerRow>>query();
          var row =
              table.getItems().stream()
                  .filter(r -> r.name().equals(name))
                  .findFirst()
                  .orElseThrow();
          var column =
              table.getColumns().stream()
                  .filter(c -> columnId.equals(c.getId()))
                  .findFirst()
                  .orElseThrow();
          var value = column.getCellObservableValue(row).getValue();
          return value == null ? "" : value.toString();
        });
  }

  @Test
  void runningOnlyHidesStoppedContainersAndTheFilterNarrowsByName(FxRobot robot) {
    var stopped = TestEngine.uniqueName("stopped");
    var running = TestEngine.uniqueName("running");
    try {
      docker.createContainerCmd(image).withName(stopped).withCmd("true").exec();
      var id =
          docker.createContainerCmd(image).withName(running).withCmd("sleep", "300").exec().getId();
      docker.startContainerCmd(id).exec();
      await("both listed")
          .atMost(PATIENCE)
          .until(() -> visible(robot, running) && visible(robot, stopped));

      robot.clickOn("#containers-running-only");
      await("the stopped one is hidden").atMost(PATIENCE).until(() -> !visible(robot, stopped));
      assertThat(visible(robot, running)).isTrue();

      robot.clickOn("#containers-running-only");
      robot.clickOn("#containers-filter").write(stopped);
      await("only the matching one is shown")
          .atMost(PATIENCE)
          .until(() -> visible(robot, stopped) && !visible(robot, running));
    } finally {
      TestEngine.removeQuietly(docker, stopped);
      TestEngine.removeQuietly(docker, running);
    }
  }

  @Test
  void publishedPortsAreShownAsLinks(FxRobot robot) {
    var name = TestEngine.uniqueName("ports");
    try {
      var hostPort = TestEngine.startPublishingPort80(docker, image, name);

      await("the port is listed")
          .atMost(PATIENCE)
          .until(
              () -> row(robot, name),
              r ->
                  r != null
                      && r.ports().stream()
                          .anyMatch(p -> p.hostPort() == Integer.parseInt(hostPort)));
      assertThat(Fx.showsText(robot, hostPort + "→80/tcp")).as("shown as a link").isTrue();
      assertThat(row(robot, name).ports().getFirst().url())
          .isEqualTo("http://127.0.0.1:" + hostPort + "/");
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  /** Clicks the row's name cell once the table shows it: a list update re-creates cells. */
  private static void clickRow(FxRobot robot, String name) {
    await("the row of " + name + " is on screen")
        .atMost(PATIENCE)
        .until(() -> Fx.showsText(robot, name));
    robot.clickOn(name);
  }

  private static boolean exists(String id) {
    try {
      docker.inspectContainerCmd(id).exec();
      return true;
    } catch (NotFoundException gone) {
      return false;
    }
  }

  /** Whether the table shows a row for {@code name} now, after filters. */
  @SuppressWarnings("unchecked")
  private static boolean visible(FxRobot robot, String name) {
    return onFx(
        () ->
            robot
                .lookup("#containers-table")
                .<TableView<ContainerRow>>tryQuery()
                .map(table -> table.getItems().stream().anyMatch(r -> r.name().equals(name)))
                .orElse(false));
  }

  @Test
  void everyPageOpensFromTheSidebar(FxRobot robot) {
    for (var page :
        List.of(
            "images",
            "volumes",
            "networks",
            "kubernetes",
            "settings",
            "troubleshooting",
            "containers")) {
      robot.clickOn("#nav-" + page);
      var title = page.substring(0, 1).toUpperCase() + page.substring(1);
      // The page's own heading, not the sidebar button of the same name.
      assertThat(
              onFx(
                  () ->
                      robot.lookup(".title-3").<Labeled>queryAll().stream()
                          .filter(Node::isVisible)
                          .map(Labeled::getText)
                          .toList()))
          .as("page %s shows its heading", title)
          .containsExactly(title);
    }
  }

  @Test
  void troubleshootingSaysWhyThisEngineWasChosen(FxRobot robot) {
    robot.clickOn("#nav-troubleshooting");
    awaitText(
        robot,
        "#engine-endpoint",
        t -> t.contains("DOCKER_HOST"),
        "the endpoint names the rule that chose it");
  }

  @Test
  void choosingDarkThemeRestylesTheWindowAndIsSaved(FxRobot robot) throws Exception {
    robot.clickOn("#nav-settings");
    robot.clickOn("#theme-choice");
    robot.clickOn("Dark");
    assertThat(onFx(Application::getUserAgentStylesheet))
        .isEqualTo(new PrimerDark().getUserAgentStylesheet());
    var file = configHome.resolve("settings.json");
    await("the choice is saved")
        .atMost(PATIENCE)
        .until(() -> Files.exists(file) && Files.readString(file).contains("DARK"));
    robot.clickOn("#theme-choice");
    robot.clickOn("Light");
    await("the light choice is saved")
        .atMost(PATIENCE)
        .until(() -> Files.readString(file).contains("LIGHT"));
  }

  @Test
  void anUncaughtErrorIsShownInTheWindowAndTheAppKeepsRunning(FxRobot robot) {
    Platform.runLater(
        () -> {
          throw new IllegalStateException("simulated failure in a UI handler");
        });
    await("the error is shown as a notice")
        .atMost(PATIENCE)
        .until(() -> Fx.showsText(robot, "Something went wrong"));
    robot.clickOn("#nav-settings");
    assertThat(Fx.showsText(robot, "Theme")).as("the window still works").isTrue();
  }

  @SuppressWarnings("unchecked")
  private static ContainerRow row(FxRobot robot, String name) {
    // The table appears once the engine has answered; until then no container is shown.
    return onFx(
        () ->
            robot
                .lookup("#containers-table")
                .<TableView<ContainerRow>>tryQuery()
                .flatMap(
                    table ->
                        table.getItems().stream().filter(r -> r.name().equals(name)).findFirst())
                .orElse(null));
  }
}
