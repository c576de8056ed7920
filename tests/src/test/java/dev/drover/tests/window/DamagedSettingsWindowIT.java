package dev.drover.tests.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.Drover;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A settings file damaged on disk: the window still opens, says what happened, and the file is
 * kept.
 */
@ExtendWith(ApplicationExtension.class)
class DamagedSettingsWindowIT {

  private static final String DAMAGED = "{ \"theme\": \"DARK\", oops";
  private Path configHome;
  private Drover drover;

  @BeforeAll
  static void realParts() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) throws IOException {
    configHome = Files.createTempDirectory("drover-damaged-settings");
    Files.writeString(configHome.resolve("settings.json"), DAMAGED);
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
  void damagedSettingsAreReportedKeptAsideAndReplacedByDefaults(FxRobot robot) throws IOException {
    await("a notice tells the user")
        .atMost(Fx.PATIENCE)
        .until(() -> Fx.showsText(robot, "Settings were reset"));
    try (var files = Files.list(configHome)) {
      var kept =
          files
              .filter(f -> f.getFileName().toString().startsWith("settings.json.corrupt-"))
              .toList();
      assertThat(kept).hasSize(1);
      assertThat(Files.readString(kept.getFirst())).isEqualTo(DAMAGED);
    }
    assertThat(Files.readString(configHome.resolve("settings.json"))).contains("SYSTEM");
  }
}
