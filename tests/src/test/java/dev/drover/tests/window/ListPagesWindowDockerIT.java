package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static dev.drover.tests.support.ImagesPaneFixtures.push;
import static dev.drover.tests.support.ImagesPaneFixtures.removeImageQuietly;
import static dev.drover.tests.support.ImagesPaneFixtures.uniqueImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import dev.drover.app.Drover;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.images.ImageRow;
import dev.drover.app.ui.networks.NetworkRow;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The list pages (containers, images, networks) in the real main window under Xvfb on the shared
 * dockerd: what a user meets in the first minutes, each a defect that was there.
 */
@ExtendWith(ApplicationExtension.class)
class ListPagesWindowDockerIT {

  private static DockerClient docker;
  private static String image;

  @TempDir Path configHome;
  private Drover drover;

  @BeforeAll
  static void engine() throws Exception {
    RealParts.display();
    docker = TestEngine.client();
    image = TestImages.busybox(docker);
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (docker != null) docker.close();
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

  private static String runSleeping(String name) {
    var id = docker.createContainerCmd(image).withName(name).withCmd("sleep", "300").exec().getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  @Test
  void aRunningContainersStatusCountsOnWhileItIsOnScreen(FxRobot robot) {
    var name = TestEngine.uniqueName("uptime");
    try {
      runSleeping(name);
      await("listed as running")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.running());
      // Leftover containers on a shared engine can put its row below the fold, where no cell draws
      // it.
      robot.clickOn("#containers-filter").write(name);
      await("only it is shown")
          .atMost(PATIENCE)
          .until(() -> shownNames(robot).equals(List.of(name)));
      await("its status cell is drawn")
          .atMost(PATIENCE)
          .until(() -> statusCell(robot, name), t -> t != null && t.startsWith("Up"));
      var first = statusCell(robot, name);

      // The container prints nothing and changes nothing: no engine event comes to redraw the row.
      await("the status text moves on by itself")
          .atMost(PATIENCE)
          .until(
              () -> statusCell(robot, name),
              t -> t != null && t.startsWith("Up ") && !t.equals(first));
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void cpuAndMemoryFillForTheOnlyRowShownEvenBeyondTheFirstSixteen(FxRobot robot) {
    var prefix = TestEngine.uniqueName("stats");
    var names = new ArrayList<String>();
    for (int i = 0; i < 20; i++) names.add(prefix + String.format("-%02d", i));
    try {
      names.forEach(ListPagesWindowDockerIT::runSleeping);
      var target = names.get(18); // at least 18 running containers come before it by name
      await("all listed as running")
          .atMost(PATIENCE)
          .until(
              () ->
                  names.stream()
                      .allMatch(
                          n -> {
                            var r = row(robot, n);
                            return r != null && r.running();
                          }));

      robot.clickOn("#containers-filter").write(target);
      await("only it is shown")
          .atMost(PATIENCE)
          .until(() -> shownNames(robot).equals(List.of(target)));
      await("its CPU use is shown")
          .atMost(PATIENCE)
          .until(() -> usage(robot, target, "column-cpu"), t -> t.endsWith(" %"));
      assertThat(usage(robot, target, "column-memory")).contains("iB");

      // Unfiltered, the last of them is scrolled to: the rows on screen get the streams, not the
      // first by name.
      var last = names.getLast();
      onFx(
          () -> {
            robot.lookup("#containers-filter").<TextField>query().clear();
            return null;
          });
      await("all shown again").atMost(PATIENCE).until(() -> shownNames(robot).containsAll(names));
      onFx(
          () -> {
            var table = robot.lookup("#containers-table").<TableView<ContainerRow>>query();
            table.scrollTo(
                table.getItems().stream()
                    .filter(r -> r.name().equals(last))
                    .findFirst()
                    .orElseThrow());
            return null;
          });
      await("the row scrolled to shows its CPU use")
          .atMost(PATIENCE)
          .until(() -> usage(robot, last, "column-cpu"), t -> t.endsWith(" %"));
    } finally {
      names.forEach(n -> TestEngine.removeQuietly(docker, n));
    }
  }

  @Test
  void aFilterMatchingNothingSaysSoRatherThanThatTheEngineIsEmpty(FxRobot robot) {
    var name = TestEngine.uniqueName("present");
    try {
      runSleeping(name);
      await("listed").atMost(PATIENCE).until(() -> row(robot, name) != null);

      robot.clickOn("#containers-filter").write("no-such-container-" + UUID.randomUUID());
      awaitText(
          robot,
          "#containers-placeholder",
          t -> t.startsWith("No container matches “no-such-container-"),
          "the empty table says the filter matches nothing");
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  @Test
  void theSidebarsContainersEntryGoesBackToTheListFromADetailsPage(FxRobot robot) {
    var name = TestEngine.uniqueName("details");
    try {
      runSleeping(name);
      await("listed").atMost(PATIENCE).until(() -> row(robot, name) != null);
      await("its row is on screen").atMost(PATIENCE).until(() -> Fx.showsText(robot, name));
      robot.clickOn(name);
      robot.clickOn("#action-details");
      await("the details page is open")
          .atMost(PATIENCE)
          .until(() -> present(robot, "#details-back"));

      robot.clickOn("#nav-containers");

      await("back at the list")
          .atMost(PATIENCE)
          .until(
              () ->
                  !present(robot, "#details-back")
                      && present(robot, "#containers-table")
                      && row(robot, name) != null);
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  @Test
  void aSelectedContainerStaysSelectedWhenTheEngineChangesIt(FxRobot robot) {
    var name = TestEngine.uniqueName("selected");
    try {
      runSleeping(name);
      await("listed as running")
          .atMost(PATIENCE)
          .until(() -> row(robot, name), r -> r != null && r.running());
      await("its row is on screen").atMost(PATIENCE).until(() -> Fx.showsText(robot, name));
      robot.clickOn(name);
      await("it is selected")
          .atMost(PATIENCE)
          .until(() -> selectedNames(robot).equals(List.of(name)));
      var before = row(robot, name);

      // As `docker update --cpu-shares 512` does: the engine's event makes the list read the
      // container again.
      docker.updateContainerCmd(name).withCpuShares(512).exec();

      await("the engine's change reaches the list")
          .atMost(PATIENCE)
          .until(() -> row(robot, name) != before);
      assertThat(selectedNames(robot)).as("the selection after the change").containsExactly(name);
      assertThat(disabled(robot, "#action-details")).as("Logs and details disabled").isFalse();
      assertThat(disabled(robot, "#action-stop")).as("Stop disabled").isFalse();
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> selectedNames(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#containers-table")
                .<TableView<ContainerRow>>query()
                .getSelectionModel()
                .getSelectedItems()
                .stream()
                .map(ContainerRow::name)
                .toList());
  }

  private static boolean disabled(FxRobot robot, String selector) {
    return onFx(() -> robot.lookup(selector).query().isDisabled());
  }

  @Test
  void aPortLinkSitsCentredInItsRow(FxRobot robot) {
    var name = TestEngine.uniqueName("port-row");
    try {
      var hostPort = TestEngine.startPublishingPort80(docker, image, name);
      var text = hostPort + "→80/tcp";
      await("the port link is drawn").atMost(PATIENCE).until(() -> Fx.showsText(robot, text));

      var offset =
          onFx(
              () -> {
                var link =
                    robot
                        .lookup((Node n) -> n instanceof Hyperlink h && text.equals(h.getText()))
                        .<Hyperlink>query();
                var nameCell =
                    robot
                        .lookup(
                            (Node n) -> n instanceof TableCell<?, ?> c && name.equals(c.getText()))
                        .<Node>query();
                return centreY(textBounds(link)) - centreY(textBounds(nameCell));
              });
      assertThat(Math.abs(offset))
          .as("the link's centre is level with the name's in the same row (offset %s px)", offset)
          .isLessThanOrEqualTo(1.5);
    } finally {
      TestEngine.removeQuietly(docker, name);
    }
  }

  /** The bounds in the scene of a control's text (its Text node), where a reader's eye finds it. */
  private static Bounds textBounds(Node cell) {
    var text = cell.lookup(".text");
    return text.localToScene(text.getBoundsInLocal());
  }

  private static double centreY(Bounds bounds) {
    return (bounds.getMinY() + bounds.getMaxY()) / 2;
  }

  @Test
  void imagesInUseByFollowsAContainerMadeAfterTheListWasRead(FxRobot robot) throws Exception {
    var repository = "drover-test/in-use-" + UUID.randomUUID().toString().substring(0, 8);
    var imageId = uniqueImage(docker, repository, "1", Map.of(), 1_000);
    var name = TestEngine.uniqueName("user");
    try {
      robot.clickOn("#nav-images");
      await("the image is listed, used by none")
          .atMost(PATIENCE)
          .until(
              () -> imageRow(robot, repository + ":1"), r -> r != null && r.containersUsing() == 0);

      docker.createContainerCmd(repository + ":1").withName(name).withCmd("true").exec();

      await("the list counts the new container")
          .atMost(PATIENCE)
          .until(
              () -> imageRow(robot, repository + ":1"),
              r -> r != null && r.usedByText().equals("1 container"));
    } finally {
      TestEngine.removeQuietly(docker, name);
      removeImageQuietly(docker, imageId);
    }
  }

  @Test
  void aPullLeavesTheImagesTableWhereItWas(FxRobot robot) throws Exception {
    var registry = RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
    var repository =
        registry + "/drover-test/steady-" + UUID.randomUUID().toString().substring(0, 8);
    var imageId = uniqueImage(docker, repository, "1", Map.of(), 500_000);
    try {
      push(docker, repository, "1");
      removeImageQuietly(docker, imageId);
      robot.clickOn("#nav-images");
      await("the table is laid out").atMost(PATIENCE).until(() -> tableTop(robot), top -> top > 0);
      var before = tableTop(robot);

      robot.clickOn("#pull-reference").write(repository + ":1");
      robot.clickOn("#pull-button");
      awaitText(
          robot,
          "#pull-status",
          t -> t.startsWith("Pulled "),
          "the pull ends, its progress still shown");

      assertThat(onFx(() -> robot.lookup("#pull-area").query().isVisible())).isTrue();
      assertThat(tableTop(robot)).as("the rows stay under the pointer").isEqualTo(before);
    } finally {
      removeImageQuietly(docker, imageId);
    }
  }

  private static double tableTop(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#images-table")
                .tryQuery()
                .map(table -> table.localToScene(table.getBoundsInLocal()).getMinY())
                .orElse(-1.0));
  }

  @Test
  void aNetworkCountsOnlyTheContainersAttachedNow(FxRobot robot) {
    var network = TestEngine.uniqueName("net");
    var running = TestEngine.uniqueName("on-net");
    var stopped = TestEngine.uniqueName("off-net");
    docker.createNetworkCmd().withName(network).withDriver("bridge").exec();
    try {
      var id =
          docker
              .createContainerCmd(image)
              .withName(running)
              .withCmd("sleep", "300")
              .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
              .exec()
              .getId();
      docker.startContainerCmd(id).exec();
      docker
          .createContainerCmd(image)
          .withName(stopped)
          .withCmd("true")
          .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
          .exec();

      robot.clickOn("#nav-networks");
      await("the network lists only the running container")
          .atMost(PATIENCE)
          .until(
              () -> networkRow(robot, network),
              r -> r != null && r.containers().equals(List.of(running)));
      await("its cell names it")
          .atMost(PATIENCE)
          .until(
              () ->
                  onFx(
                      () ->
                          robot
                              .lookup(
                                  (Node n) ->
                                      n instanceof TableCell<?, ?> c
                                          && c.getTableColumn() != null
                                          && "Containers".equals(c.getTableColumn().getText())
                                          && c.getTableRow() != null
                                          && c.getTableRow().getItem() instanceof NetworkRow r
                                          && r.name().equals(network)
                                          && running.equals(c.getText()))
                              .tryQuery()
                              .isPresent()));
    } finally {
      TestEngine.removeQuietly(docker, running);
      TestEngine.removeQuietly(docker, stopped);
      docker.removeNetworkCmd(network).exec();
    }
  }

  private static boolean present(FxRobot robot, String selector) {
    return onFx(() -> robot.lookup(selector).tryQuery().filter(Node::isVisible).isPresent());
  }

  /** The text drawn in the Status cell of {@code name}'s row, or null while no cell shows it. */
  private static String statusCell(FxRobot robot, String name) {
    return onFx(
        () ->
            robot
                .lookup(
                    (Node n) ->
                        n instanceof TableCell<?, ?> c
                            && c.getTableColumn() != null
                            && "Status".equals(c.getTableColumn().getText())
                            && c.getTableRow() != null
                            && c.getTableRow().getItem() instanceof ContainerRow r
                            && r.name().equals(name))
                .<TableCell<?, ?>>tryQuery()
                .map(TableCell::getText)
                .orElse(null));
  }

  @SuppressWarnings("unchecked")
  private static List<String> shownNames(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#containers-table")
                .<TableView<ContainerRow>>tryQuery()
                .map(table -> table.getItems().stream().map(ContainerRow::name).toList())
                .orElse(List.of()));
  }

  /** The text of {@code name}'s value in the column with {@code columnId}. */
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

  @SuppressWarnings("unchecked")
  private static ContainerRow row(FxRobot robot, String name) {
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

  @SuppressWarnings("unchecked")
  private static ImageRow imageRow(FxRobot robot, String reference) {
    return onFx(
        () ->
            robot
                .lookup("#images-table")
                .<TableView<ImageRow>>tryQuery()
                .flatMap(
                    table ->
                        table.getItems().stream()
                            .filter(r -> r.reference().equals(reference))
                            .findFirst())
                .orElse(null));
  }

  @SuppressWarnings("unchecked")
  private static NetworkRow networkRow(FxRobot robot, String name) {
    return onFx(
        () ->
            robot
                .lookup("#networks-table")
                .<TableView<NetworkRow>>tryQuery()
                .flatMap(
                    table ->
                        table.getItems().stream().filter(r -> r.name().equals(name)).findFirst())
                .orElse(null));
  }
}
