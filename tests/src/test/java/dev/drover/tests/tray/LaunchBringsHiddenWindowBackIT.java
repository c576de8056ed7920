package dev.drover.tests.tray;

import dev.drover.app.DesktopApp;
import dev.drover.app.desktop.SingleInstance;
import dev.drover.app.settings.ConfigFolders;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Drover whose window was closed to the tray, launched again: the launch (a real process of the packaged
 * {@code Launcher}) hands over, and the window the running Drover hid is on screen again by the time the launch
 * has been answered. The running side is this test's window with Drover's own hand-over wiring
 * ({@link DesktopApp#bringToFrontOnLaunch}); hiding it is what closing to the tray does.
 */
@ExtendWith(ApplicationExtension.class)
class LaunchBringsHiddenWindowBackIT {

    private static final Path APP_LIB = Path.of("..", "installer", "target", "drover", "lib").toAbsolutePath().normalize();

    @TempDir
    Path configHome;
    private Stage stage;

    @BeforeAll
    static void requireTheParts() {
        RealParts.display();
        if (!Files.isDirectory(APP_LIB)) {
            var what = "no packaged app in " + APP_LIB + ": build the installer module first";
            if (RealParts.inCi()) fail(what);
            throw new TestAbortedException(what);
        }
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
        var folders = new ConfigFolders(Map.of(ConfigFolders.CONFIG_HOME_OVERRIDE, configHome.toString()), configHome, "Linux");
        var claim = SingleInstance.claim(folders.runtimeFolder(), Duration.ofSeconds(5));
        assertThat(claim).isInstanceOf(SingleInstance.Owner.class);
        try (var instance = ((SingleInstance.Owner) claim).instance()) {
            Fx.onFx(() -> {
                stage.hide();
                DesktopApp.bringToFrontOnLaunch(instance, stage);
                return null;
            });
            assertThat(Fx.onFx(stage::isShowing)).as("closed to the tray").isFalse();

            var output = configHome.resolve("launch.txt");
            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var launch = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", APP_LIB + File.separator + "*",
                    "dev.drover.app.Launcher").redirectErrorStream(true).redirectOutput(output.toFile());
            launch.environment().put(ConfigFolders.CONFIG_HOME_OVERRIDE, configHome.toString());
            var process = launch.start();
            try {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launch ends by itself").isTrue();
                var said = Files.readString(output, StandardCharsets.UTF_8);
                assertThat(process.exitValue()).as(said).isZero();
                assertThat(said).contains("Drover is already running (pid " + ProcessHandle.current().pid() + "): its window is in front now.");
                // The answer comes once the window is up: no waiting needed here.
                assertThat(Fx.onFx(stage::isShowing)).as("the hidden window is back").isTrue();
                assertThat(Fx.onFx(stage::isIconified)).isFalse();
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
