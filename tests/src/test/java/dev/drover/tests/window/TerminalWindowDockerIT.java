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
import dev.drover.app.ui.terminal.TerminalSessions;
import dev.drover.app.ui.terminal.TerminalView;
import dev.drover.app.ui.terminal.TerminalViewModel;
import dev.drover.engine.EngineClients;
import dev.drover.engine.exec.ContainerShells;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.time.Duration;
import java.util.regex.Pattern;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;
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
 * The Terminal tab in a real window under Xvfb: xterm.js in a WebView, typing into a shell in a
 * real container.
 */
@ExtendWith(ApplicationExtension.class)
class TerminalWindowDockerIT {

  private static DockerClient docker;
  private static String container;

  private EngineClients clients;
  private TerminalViewModel model;
  private TerminalView view;
  private Stage stage;

  @BeforeAll
  static void runningContainer() throws Exception {
    RealParts.display();
    docker = TestEngine.client();
    var image = TestImages.busybox(docker);
    container = TestEngine.uniqueName("terminal-window");
    docker.createContainerCmd(image).withName(container).withCmd("sleep", "600").exec();
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
    this.stage = stage;
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    clients = new EngineClients(TestEngine::endpoint);
    var ui = new FxUiDispatcher();
    model =
        new TerminalViewModel(
            TerminalSessions.inContainer(new ContainerShells(clients), container),
            Background.virtualThreads(ui));
    view = new TerminalView(model, false);
    stage.setScene(new Scene(view, 800, 480));
    stage.show();
  }

  @AfterEach
  void hangUp() {
    onFx(
        () -> {
          model.close();
          return null;
        });
    clients.close();
  }

  private String screen() {
    return onFx(view::screenText);
  }

  private void awaitShell() {
    await("the shell's prompt").atMost(PATIENCE).until(() -> screen().contains("#"));
  }

  private void typeLine(FxRobot robot, String line) {
    robot.clickOn("#terminal-web").write(line).type(KeyCode.ENTER);
  }

  @Test
  void typedCommandsRunAndTheirOutputIsShown(FxRobot robot) {
    awaitShell();
    typeLine(robot, "echo answer=$((6*7))");
    await("the answer on screen").atMost(PATIENCE).until(() -> screen().contains("answer=42"));
  }

  @Test
  void coloursAreRenderedNotPrintedAsEscapeCodes(FxRobot robot) {
    awaitShell();
    typeLine(robot, "printf '\\033[31mRED\\033[0m\\n'");
    await("the word on screen")
        .atMost(PATIENCE)
        .until(() -> Pattern.compile("(?m)^RED$").matcher(screen()).find());
    var colour =
        onFx(
            () ->
                web()
                    .executeScript(
                        """
                (function () {
                  var b = term.buffer.active;
                  for (var y = 0; y < b.length; y++) {
                    var line = b.getLine(y);
                    if (line && line.translateToString(true) === 'RED') {
                      var cell = line.getCell(0);
                      return cell.isFgPalette() ? cell.getFgColor() : -1;
                    }
                  }
                  return -2;
                })()"""));
    assertThat(((Number) colour).intValue()).as("palette colour 1 is red").isEqualTo(1);
  }

  @Test
  void growingTheWindowGivesTheShellMoreColumns(FxRobot robot) {
    awaitShell();
    int before = onFx(() -> ((Number) web().executeScript("term.cols")).intValue());
    onFx(
        () -> {
          stage.setWidth(stage.getWidth() + 300);
          return null;
        });
    await("the emulator grows")
        .atMost(PATIENCE)
        .until(
            () -> onFx(() -> ((Number) web().executeScript("term.cols")).intValue()) > before + 20);
    int after = onFx(() -> ((Number) web().executeScript("term.cols")).intValue());
    await("the shell knows the new width")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              if (screen().contains(" " + after + "\n") || screen().endsWith(" " + after))
                return true;
              typeLine(robot, "stty size");
              return false;
            });
  }

  @Test
  void anExitedShellSaysSoAndANewOneCanBeOpened(FxRobot robot) {
    awaitShell();
    typeLine(robot, "exit 7");
    awaitText(
        robot, "#terminal-status", "The shell exited with code 7."::equals, "the exit is reported");
    robot.clickOn("#terminal-reopen");
    await("a second shell opens")
        .atMost(PATIENCE)
        .until(() -> model.stateProperty().get() == TerminalViewModel.State.OPEN);
    typeLine(robot, "echo second=$((2+3))");
    await("the second shell answers").atMost(PATIENCE).until(() -> screen().contains("second=5"));
  }

  private WebEngine web() {
    return ((WebView) view.lookup("#terminal-web")).getEngine();
  }
}
