package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.networks.NetworkRow;
import dev.drover.app.ui.networks.Networks;
import dev.drover.app.ui.networks.NetworksView;
import dev.drover.app.ui.networks.NetworksViewModel;
import dev.drover.app.ui.volumes.VolumeRow;
import dev.drover.app.ui.volumes.Volumes;
import dev.drover.app.ui.volumes.VolumesView;
import dev.drover.app.ui.volumes.VolumesViewModel;
import dev.drover.engine.EngineClients;
import dev.drover.engine.ResourceKind;
import dev.drover.engine.networks.NetworkService;
import dev.drover.engine.volumes.VolumeService;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import java.util.EnumSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * The Volumes and Networks pages under Xvfb with their real services on the shared dockerd. No
 * engine watcher runs here, so the test starts the first list itself; after that the pages list
 * again after each command.
 */
@ExtendWith(ApplicationExtension.class)
class VolumesNetworksWindowDockerIT {

  private static DockerClient docker;

  private EngineClients clients;
  private VolumesViewModel volumes;
  private NetworksViewModel networks;

  @BeforeAll
  static void realParts() {
    RealParts.display();
    docker = TestEngine.client();
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (docker != null) docker.close();
  }

  @Start
  void start(Stage stage) {
    var endpoint = TestEngine.endpoint();
    clients = new EngineClients(() -> endpoint);
    var background = Background.virtualThreads(new FxUiDispatcher());
    volumes = new VolumesViewModel(Volumes.of(new VolumeService(clients)), background);
    networks = new NetworksViewModel(Networks.of(new NetworkService(clients)), background);
    var volumesTab = new Tab("Volumes", new VolumesView(volumes));
    volumesTab.setId("tab-volumes");
    var networksTab = new Tab("Networks", new NetworksView(networks));
    networksTab.setId("tab-networks");
    var tabs = new TabPane(volumesTab, networksTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    stage.setScene(new Scene(tabs, 1200, 700));
    stage.show();
    volumes.resourcesChanged(EnumSet.allOf(ResourceKind.class));
    networks.resourcesChanged(EnumSet.allOf(ResourceKind.class));
  }

  @AfterEach
  void closeClients() {
    clients.close();
  }

  @Test
  void volumeCreatedInTheWindowIsListedAndRemovedOnlyAfterConfirming(FxRobot robot) {
    var name = TestEngine.uniqueName("ui-vol");
    try {
      robot.clickOn("#volume-name").write(name, 0);
      robot.clickOn("#volume-create");

      await("the new volume is listed")
          .atMost(PATIENCE)
          .until(() -> volumeRow(robot, name) != null);
      assertThat(docker.inspectVolumeCmd(name).exec().getDriver()).isEqualTo("local");
      assertThat(Fx.text(robot, "#volumes-message")).isEqualTo("Created volume " + name + ".");
      assertThat(onFx(() -> robot.lookup("#volume-name").<TextField>query().getText()))
          .as("the name field is cleared for the next one")
          .isEmpty();

      // Filter down to it, so its row is on screen whatever else the engine holds (set, not typed:
      // typing is
      // slow on a busy machine, and the filter's matching has its own unit tests).
      filter(robot, "#volumes-filter", name);
      await("only the new volume is shown")
          .atMost(PATIENCE)
          .until(
              () ->
                  onFx(
                          () ->
                              robot
                                  .lookup("#volumes-table")
                                  .<TableView<VolumeRow>>query()
                                  .getItems()
                                  .size())
                      == 1);
      robot.clickOn(cellShowing(name));

      robot.clickOn("#volume-remove");
      robot.clickOn("Cancel");
      assertThat(docker.inspectVolumeCmd(name).exec().getName())
          .as("cancel keeps the volume")
          .isEqualTo(name);

      robot.clickOn("#volume-remove");
      robot.clickOn("#confirm-remove");

      await("the removed volume leaves the list")
          .atMost(PATIENCE)
          .until(() -> volumeRow(robot, name) == null);
      assertThat(volumeExists(name)).isFalse();
      assertThat(Fx.text(robot, "#volumes-message")).isEqualTo("Removed volume " + name + ".");
    } finally {
      if (volumeExists(name)) docker.removeVolumeCmd(name).exec();
    }
  }

  @Test
  void invalidVolumeNameIsExplainedInTheWindow(FxRobot robot) {
    robot.clickOn("#volume-name").write("x", 0);
    robot.clickOn("#volume-create");

    assertThat(Fx.text(robot, "#volumes-error")).contains("not a valid volume name");
  }

  @Test
  void networkCreatedWithASubnetShowsItAndIsRemovedAfterConfirming(FxRobot robot) {
    var name = TestEngine.uniqueName("ui-net");
    var subnet =
        "10."
            + ThreadLocalRandom.current().nextInt(200, 250)
            + "."
            + ThreadLocalRandom.current().nextInt(256)
            + ".0/24";
    try {
      robot.clickOn("#tab-networks .tab-label");
      robot.clickOn("#network-name").write(name, 0);
      robot.clickOn("#network-subnet").write(subnet, 0);
      robot.clickOn("#network-create");

      await("the new network is listed with its subnet")
          .atMost(PATIENCE)
          .until(() -> networkRow(robot, name), r -> r != null && r.subnets().contains(subnet));

      filter(robot, "#networks-filter", name);
      await("only the new network is shown")
          .atMost(PATIENCE)
          .until(
              () ->
                  onFx(
                          () ->
                              robot
                                  .lookup("#networks-table")
                                  .<TableView<NetworkRow>>query()
                                  .getItems()
                                  .size())
                      == 1);
      robot.clickOn(cellShowing(name));
      robot.clickOn("#network-remove");
      robot.clickOn("#confirm-remove");

      await("the removed network leaves the list")
          .atMost(PATIENCE)
          .until(() -> networkRow(robot, name) == null);
      assertThat(docker.listNetworksCmd().withNameFilter(name).exec()).isEmpty();
    } finally {
      try {
        docker.removeNetworkCmd(name).exec();
      } catch (NotFoundException alreadyGone) {
        // Removed through the window.
      }
    }
  }

  private static void filter(FxRobot robot, String selector, String text) {
    robot.interact(() -> robot.lookup(selector).<TextField>query().setText(text));
  }

  private static Predicate<Node> cellShowing(String text) {
    return n -> n instanceof TableCell<?, ?> cell && text.equals(cell.getText()) && n.isVisible();
  }

  private static boolean volumeExists(String name) {
    try {
      docker.inspectVolumeCmd(name).exec();
      return true;
    } catch (NotFoundException gone) {
      return false;
    }
  }

  private VolumeRow volumeRow(FxRobot robot, String name) {
    return onFx(
        () ->
            volumes.rowsProperty().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElse(null));
  }

  private NetworkRow networkRow(FxRobot robot, String name) {
    return onFx(
        () ->
            networks.rowsProperty().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElse(null));
  }
}
