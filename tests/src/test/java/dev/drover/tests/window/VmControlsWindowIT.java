package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.Drover;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.vm.VmConfig;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.MenuButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The VM's controls in the real window: the status bar's VM menu, the VM section of Settings (saved
 * where the drover command reads it) and the VM's Troubleshooting part; the app owns the VM's
 * instance folder, so the drover command would talk to it. No VM is booted here (QemuVmIT does
 * that).
 */
@ExtendWith(ApplicationExtension.class)
class VmControlsWindowIT {

  @TempDir Path configHome;
  private Drover drover;

  @BeforeAll
  static void display() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) {
    drover = Fx.droverFor(TestEngine.host(), configHome);
    drover.show(stage);
  }

  @AfterEach
  void closeApp() {
    drover.close();
  }

  @Test
  void vmMenuSettingsAndTroubleshootingAreThereAndTheAppOwnsTheVm(FxRobot robot) throws Exception {
    var instance =
        VmInstance.forUser(
            Map.of("DROVER_CONFIG_HOME", configHome.toString()), configHome, "Linux", "drover");
    await("the app owns the VM's instance")
        .atMost(Fx.PATIENCE)
        .until(() -> new VmControl(instance).ownerPid().orElse(0) == ProcessHandle.current().pid());
    await("the status bar shows the VM")
        .atMost(Fx.PATIENCE)
        .until(
            () -> onFx(() -> robot.lookup("#vm-status").<MenuButton>query().getText()),
            t -> t.startsWith("VM: "));
    assertThat(onFx(() -> robot.lookup("#vm-status").<MenuButton>query().getItems().size()))
        .isEqualTo(3);

    robot.clickOn("#nav-settings");
    await()
        .atMost(Fx.PATIENCE)
        .until(() -> onFx(() -> robot.lookup("#vm-engine").tryQuery().isPresent()));
    onFx(
        () -> {
          robot
              .lookup("#vm-engine")
              .<ComboBox<VmConfig.Engine>>query()
              .setValue(VmConfig.Engine.CONTAINERD);
          return null;
        });
    await("the VM settings are saved where the drover command reads them")
        .atMost(Fx.PATIENCE)
        .until(
            () ->
                VmSettings.readFrom(configHome.resolve("settings.json")).engine()
                    == VmConfig.Engine.CONTAINERD);
    assertThat(onFx(() -> robot.lookup("#vm-start").tryQuery().isPresent())).isTrue();

    robot.clickOn("#nav-troubleshooting");
    await()
        .atMost(Fx.PATIENCE)
        .until(() -> onFx(() -> robot.lookup("#vm-collect-diagnostics").tryQuery().isPresent()));
    assertThat(onFx(() -> robot.lookup("#vm-factory-reset").tryQuery().isPresent())).isTrue();
    assertThat(Files.exists(instance.statusFile())).isTrue();
  }
}
