package dev.drover.tests.vm;

import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.drover.app.Drover;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.engine.DockerClients;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.qemu.QemuDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The whole app with its real VM (QEMU, TCG here): with no engine named in Settings, the app shows
 * the user's engine (the test dockerd, as DOCKER_HOST) until the VM runs, then the VM's engine over
 * mutual TLS: the Containers page lists what runs in the VM and no longer what runs on the user's
 * engine. One boot.
 */
@ExtendWith(ApplicationExtension.class)
class VmEngineWindowIT {

  private static final Duration BOOT = Duration.ofMinutes(6);

  @TempDir Path configHome;
  private Drover drover;
  private final DockerClient userEngine = TestEngine.client();
  private final String onUsersEngine = TestEngine.uniqueName("user-engine");
  private final String inVm = TestEngine.uniqueName("in-vm");

  @BeforeAll
  static void realParts() {
    RealParts.display();
    if (QemuDriver.findQemu(System.getenv(), GuestArch.ofHost(System.getProperty("os.arch")))
        .isEmpty()) missing("QEMU (qemu-system-x86_64, qemu-img) is not installed");
    var guest =
        RealParts.require(
            "DROVER_GUEST_IMAGE", "no guest image; build it with vm-bridge/guest/build-guest.sh");
    GuestImage.in(Path.of(guest)).missing().ifPresent(VmEngineWindowIT::missing);
  }

  /** As RealParts.require: fails under CI, skips elsewhere. */
  private static void missing(String what) {
    if (RealParts.inCi()) Assertions.fail(what + "; ./run-tests.sh provides it");
    throw new TestAbortedException(what);
  }

  @Start
  void start(Stage stage) {
    drover = Fx.droverFor(TestEngine.host(), configHome);
    drover.show(stage);
  }

  @AfterEach
  void closeApp() throws Exception {
    TestEngine.removeQuietly(userEngine, onUsersEngine);
    userEngine.close();
    // Stops the VM this app runs (ACPI power-down); off the FX thread, as the app's own exit does
    // it.
    drover.close();
  }

  @Test
  void containersPageShowsTheVmsEngineWhileTheVmRuns(FxRobot robot) throws Exception {
    userEngine
        .createContainerCmd(TestImages.busybox(userEngine))
        .withName(onUsersEngine)
        .withCmd("true")
        .exec();
    await("the user's engine before the VM runs")
        .atMost(Fx.PATIENCE)
        .until(() -> listed(robot, onUsersEngine));

    var instance =
        VmInstance.forUser(
            Map.of("DROVER_CONFIG_HOME", configHome.toString()), configHome, "Linux", "drover");
    await("the app owns the VM")
        .atMost(Fx.PATIENCE)
        .until(() -> new VmControl(instance).ownerPid().orElse(0) == ProcessHandle.current().pid());
    robot.clickOn("#nav-settings");
    await()
        .atMost(Fx.PATIENCE)
        .until(() -> onFx(() -> robot.lookup("#vm-start").tryQuery().isPresent()));
    onFx(
        () -> {
          robot.lookup("#vm-start").<Button>query().fire();
          return null;
        });
    await("the VM's engine answers")
        .atMost(BOOT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> new VmControl(instance).status().toStatus() instanceof VmStatus.Running);
    var vmEngine = ((VmStatus.Running) new VmControl(instance).status().toStatus()).engine();
    assertThat(vmEngine.tlsMaterial()).as("the VM's engine speaks mutual TLS").isPresent();
    try (var vmDocker = DockerClients.open(vmEngine, Duration.ofSeconds(120))) {
      vmDocker
          .createContainerCmd(TestImages.busybox(vmDocker))
          .withName(inVm)
          .withCmd("true")
          .exec();

      robot.clickOn("#nav-containers");
      await("the VM's containers in the app")
          .atMost(Duration.ofMinutes(2))
          .until(() -> listed(robot, inVm));
      assertThat(listed(robot, onUsersEngine)).as("the user's engine is no longer shown").isFalse();

      robot.clickOn("#nav-troubleshooting");
      await()
          .atMost(Fx.PATIENCE)
          .until(
              () ->
                  onFx(
                      () ->
                          robot
                              .lookup("#engine-endpoint")
                              .<Label>tryQuery()
                              .map(Label::getText)
                              .orElse("")),
              text -> text.contains("Drover's VM") && text.contains(vmEngine.host().toString()));
      TestEngine.removeQuietly(vmDocker, inVm);
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean listed(FxRobot robot, String name) {
    return onFx(
        () ->
            robot
                .lookup("#containers-table")
                .<TableView<ContainerRow>>tryQuery()
                .map(table -> table.getItems().stream().anyMatch(r -> r.name().equals(name)))
                .orElse(false));
  }
}
