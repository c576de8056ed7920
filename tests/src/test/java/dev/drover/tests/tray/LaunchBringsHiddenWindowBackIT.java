package dev.drover.tests.tray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.DesktopApp;
import dev.drover.app.desktop.SingleInstance;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A Drover whose window was closed to the tray, launched again: the launch (a real process of the
 * packaged {@code Launcher}) hands over, and the window the running Drover hid is on screen again
 * by the time the launch has been answered. The running side is this test's window with Drover's
 * own hand-over wiring ({@link DesktopApp#bringToFrontOnLaunch}); hiding it is what closing to the
 * tray does.
 */
@ExtendWith(ApplicationExtension.class)
class LaunchBringsHiddenWindowBackIT {

  @TempDir Path configHome;
  private Stage stage;

  @BeforeAll
  static void requireTheParts() {
    RealParts.display();
    PackagedApp.require();
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    stage.setTitle("Drover");
    stage.setScene(new Scene(new Label("the running Drover"), 400, 200));
    stage.show();
  }

  @Test
  void launchingDroverAgainShowsTheWindowItsRunningOneHid() throws Exception {
    var folders =
        new ConfigFolders(
            Map.of(ConfigFolders.CONFIG_HOME_OVERRIDE, configHome.toString()), configHome, "Linux");
    var claim = SingleInstance.claim(folders.runtimeFolder(), Duration.ofSeconds(5));
    assertThat(claim).isInstanceOf(SingleInstance.Owner.class);
    try (var instance = ((SingleInstance.Owner) claim).instance()) {
      Fx.onFx(
          () -> {
            stage.hide();
            DesktopApp.bringToFrontOnLaunch(instance, stage);
            return null;
          });
      assertThat(Fx.onFx(stage::isShowing)).as("closed to the tray").isFalse();

      var output = configHome.resolve("launch.txt");
      var process = PackagedApp.launcher(configHome).redirectOutput(output.toFile()).start();
      try {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launch ends by itself").isTrue();
        var said = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(said).isZero();
        assertThat(said)
            .contains(
                "Drover is already running (pid "
                    + ProcessHandle.current().pid()
                    + "): its window is in front now.");
        // The answer comes once the window is up: no waiting needed here.
        assertThat(Fx.onFx(stage::isShowing)).as("the hidden window is back").isTrue();
        assertThat(Fx.onFx(stage::isIconified)).isFalse();
      } finally {
        process.destroyForcibly();
      }
    }
  }
}
