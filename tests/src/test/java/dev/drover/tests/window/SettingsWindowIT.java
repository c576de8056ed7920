package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.controls.Message;
import dev.drover.app.Drover;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import javafx.scene.Node;
import javafx.scene.control.Label;
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
 * The Settings the user meets: a settings file with values Drover cannot use is reported in the
 * window value by value, with the reason, and kept aside; the Settings page says what closing the
 * window does on a desktop without a tray (the embedded app has none) and takes an engine address,
 * checked as it is typed.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsWindowIT {

  private static final String WITH_INVALID_VALUES =
      """
            { "theme": "DARK", "logBufferLines": "lots", "vm": { "cpus": 999 } }
            """;
  private Path configHome;
  private Drover drover;

  @BeforeAll
  static void realParts() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) throws IOException {
    configHome = Files.createTempDirectory("drover-invalid-settings");
    Files.writeString(configHome.resolve("settings.json"), WITH_INVALID_VALUES);
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
  void invalidValuesAreNamedInTheWindowWithTheReasonAndTheFileIsKeptAside(FxRobot robot)
      throws IOException {
    await("a notice tells the user")
        .atMost(Fx.PATIENCE)
        .until(() -> Fx.showsText(robot, "Settings were reset"));
    var detail =
        onFx(
            () ->
                robot
                    .lookup("#notices")
                    .lookup((Node n) -> n instanceof Message)
                    .<Message>queryAll()
                    .stream()
                    .map(Message::getDescription)
                    .filter(text -> text.contains("invalid"))
                    .findFirst()
                    .orElse(""));
    assertThat(detail)
        .contains("logBufferLines \"lots\": not a whole number (reset to 100000)")
        .contains("vm.cpus 999: a VM has 1 to 64 CPUs, not 999 (reset to 2)");
    try (var files = Files.list(configHome)) {
      var kept =
          files
              .filter(f -> f.getFileName().toString().startsWith("settings.json.invalid-"))
              .toList();
      assertThat(kept).hasSize(1);
      assertThat(Files.readString(kept.getFirst())).isEqualTo(WITH_INVALID_VALUES);
      assertThat(detail).contains(kept.getFirst().toString());
    }
    assertThat(Files.readString(configHome.resolve("settings.json")))
        .as("the valid values stay")
        .contains("DARK");
  }

  @Test
  void settingsSayClosingQuitsWithoutATrayAndTakeACheckedEngineAddress(FxRobot robot)
      throws IOException {
    robot.clickOn("#nav-settings");
    // The tray answers from a thread of its own; until then neither the choice nor the note shows.
    await("the tray has answered")
        .atMost(Fx.PATIENCE)
        .until(() -> onFx(() -> robot.lookup("#window-close-note").<Label>query().isVisible()));
    assertThat(onFx(() -> robot.lookup("#close-to-tray").query().isVisible()))
        .as("no tray here: the close-to-tray choice is not offered")
        .isFalse();
    assertThat(onFx(() -> robot.lookup("#window-close-note").<Label>query().getText()))
        .contains("closing the window quits Drover");

    robot.clickOn("#engine-host").write("tcp://build-box");
    await("the problem shows as it is typed")
        .atMost(Fx.PATIENCE)
        .until(
            () ->
                onFx(() -> robot.lookup("#engine-host-problem").<Label>query().getText())
                    .contains("a host and a port"));
    robot.type(KeyCode.ENTER);
    assertThat(Files.readString(configHome.resolve("settings.json"))).doesNotContain("build-box");

    robot.write(":2376").type(KeyCode.ENTER);
    await("a usable address is saved")
        .atMost(Fx.PATIENCE)
        .until(
            () ->
                Files.readString(configHome.resolve("settings.json"))
                    .contains("\"tcp://build-box:2376\""));
    assertThat(onFx(() -> robot.lookup("#engine-host-problem").<Label>query().isVisible()))
        .isFalse();
    assertThat(onFx(() -> robot.lookup("#engine-host-note").<Label>query().getText()))
        .contains("next start");
  }
}
