package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.Drover;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Long errors in the real window at 1024x700, against the shared dockerd: each is shown in full
 * where it appears (nothing cut to "…", a dialog grows to show it) and "Copy" in its context menu
 * puts the whole text on the clipboard.
 */
@ExtendWith(ApplicationExtension.class)
class ErrorTextWindowDockerIT {

  /** No registry listens on port 1: the engine's answer is a long connection error. */
  private static final String NO_REGISTRY = "127.0.0.1:1";

  @TempDir Path configHome;
  private Drover drover;
  private Stage stage;

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
    RealParts.require("DROVER_TEST_DOCKER_HOST", "no Docker engine");
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    drover = Fx.droverFor(TestEngine.host(), configHome);
    drover.show(stage);
  }

  @BeforeEach
  void smallWindowAndEmptyClipboard() {
    onFx(
        () -> {
          var scene = stage.getScene();
          stage.setWidth(1024 + (stage.getWidth() - scene.getWidth()));
          stage.setHeight(700 + (stage.getHeight() - scene.getHeight()));
          var empty = new ClipboardContent();
          empty.putString("");
          Clipboard.getSystemClipboard().setContent(empty);
          return null;
        });
  }

  @AfterEach
  void closeApp() {
    drover.close();
  }

  @Test
  void aFailedRegistryLoginIsShownInFullInTheDialogAndCopied(FxRobot robot) {
    robot.clickOn("#nav-images");
    var before = onFx(() -> List.copyOf(Window.getWindows()));
    robot.clickOn("#registries-button");
    var dialog =
        await("the Registries dialog opens")
            .atMost(PATIENCE)
            .until(
                () ->
                    onFx(
                        () ->
                            Window.getWindows().stream()
                                .filter(
                                    w -> w instanceof Stage && w.isShowing() && !before.contains(w))
                                .findFirst()
                                .orElse(null)),
                Objects::nonNull);
    robot.clickOn("#registries-server").write(NO_REGISTRY);
    robot.clickOn("#registries-user").write("someone");
    robot.clickOn("#registries-password").write("not-the-password");
    robot.clickOn("#registries-login");

    var error =
        await("the engine's refusal is shown")
            .atMost(PATIENCE)
            .until(
                () -> Fx.text(robot, "#registries-error"), text -> text != null && !text.isEmpty());
    assertThat(error).as("the engine's own words").contains(NO_REGISTRY);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(onFx(() -> CutText.in(dialog.getScene(), "Registries dialog")))
        .as("nothing in the dialog is cut")
        .isEmpty();

    copyFrom(robot, "#registries-error");
    assertThat(clipboard()).isEqualTo(error);
  }

  @Test
  void aFailedPullIsShownInFullOnTheImagesPageAndCopied(FxRobot robot) {
    robot.clickOn("#nav-images");
    var reference =
        NO_REGISTRY + "/a-team-with-a-long-name/an-image-whose-name-is-long-as-real-ones-are:1.2.3";
    robot.clickOn("#pull-reference").write(reference);
    robot.clickOn("#pull-button");

    var error =
        await("the pull's failure is shown")
            .atMost(PATIENCE)
            .until(() -> Fx.text(robot, "#images-error"), text -> text != null && !text.isEmpty());
    assertThat(error).as("the engine's own words").contains(NO_REGISTRY);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(onFx(() -> CutText.in(stage.getScene(), "Images")))
        .as("nothing on the page is cut")
        .isEmpty();

    copyFrom(robot, "#images-error");
    assertThat(clipboard()).isEqualTo(error);
  }

  @Test
  void aNoticeOfAnUnexpectedErrorCanBeCopiedWhole(FxRobot robot) {
    var message =
        "simulated failure with a long message: "
            + "the detail a bug report needs ".repeat(8).strip();
    Platform.runLater(
        () -> {
          throw new IllegalStateException(message);
        });
    await("the error is shown as a notice")
        .atMost(PATIENCE)
        .until(() -> Fx.showsText(robot, "Something went wrong"));

    robot.rightClickOn(robot.lookup("#notices").<Node>query().lookup(".message"));
    robot.clickOn("#copy-error");
    assertThat(clipboard())
        .as("the notice's title and whole detail")
        .startsWith("Something went wrong")
        .contains(message);
  }

  private static void copyFrom(FxRobot robot, String selector) {
    robot.rightClickOn(selector);
    robot.clickOn("#copy-error");
  }

  private static String clipboard() {
    return onFx(() -> Clipboard.getSystemClipboard().getString());
  }
}
