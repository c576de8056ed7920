package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static dev.drover.tests.support.ImagesPaneFixtures.exists;
import static dev.drover.tests.support.ImagesPaneFixtures.push;
import static dev.drover.tests.support.ImagesPaneFixtures.removeImageQuietly;
import static dev.drover.tests.support.ImagesPaneFixtures.uniqueImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.theme.PrimerLight;
import com.github.dockerjava.api.DockerClient;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.images.ImageRow;
import dev.drover.app.ui.images.ImagesView;
import dev.drover.app.ui.images.ImagesViewModel;
import dev.drover.app.ui.images.LayerRow;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineWatcher;
import dev.drover.engine.images.DockerImageService;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
 * The Images page in a real window under Xvfb, on the shared dockerd and the local registry. Until
 * Drover.java wires the page in, the test builds the page itself from the same parts the app uses
 * (engine watcher, docker clients, FX dispatcher, virtual threads).
 */
@ExtendWith(ApplicationExtension.class)
class ImagesWindowDockerIT {

  private static DockerClient docker;
  private static String reference;
  private static String imageId;

  private EngineClients clients;
  private EngineWatcher engine;

  /** An image with a layer of its own, only in the registry: pulling it downloads that layer. */
  @BeforeAll
  static void imageInTheRegistry() throws Exception {
    RealParts.display();
    var registry = RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
    docker = TestEngine.client();
    var repository =
        registry + "/drover-test/images-window-" + UUID.randomUUID().toString().substring(0, 8);
    imageId = uniqueImage(docker, repository, "1", Map.of(), 2_000_000);
    reference = repository + ":1";
    try {
      push(docker, repository, "1");
    } finally {
      removeImageQuietly(docker, imageId);
    }
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (docker == null) return;
    removeImageQuietly(docker, imageId);
    docker.close();
  }

  @Start
  void start(Stage stage) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    var ui = new FxUiDispatcher();
    clients = new EngineClients(TestEngine::endpoint);
    var model =
        new ImagesViewModel(new DockerImageService(clients), Background.virtualThreads(ui), ui);
    engine = new EngineWatcher(TestEngine::endpoint);
    engine.subscribe(model);
    stage.setScene(new Scene(new ImagesView(model), 1100, 700));
    stage.setTitle("Drover – Images");
    stage.show();
    engine.start();
  }

  @AfterEach
  void closeParts() {
    engine.close();
    clients.close();
  }

  @Test
  void imagePulledFromTheRegistryShowsProgressToTheEndAndAppearsInTheTable(FxRobot robot) {
    await("the engine's images are listed")
        .atMost(PATIENCE)
        .until(() -> row(robot, "drover-test/busybox:1").isPresent());
    assertThat(exists(docker, reference))
        .as("the image is not on the engine before the pull")
        .isFalse();

    robot.clickOn("#pull-reference").write(reference);
    robot.clickOn("#pull-button");

    await("the pull completes")
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(() -> robot.lookup("#pull-progress").queryAs(ProgressBar.class).getProgress()),
            p -> p == 1.0);
    // The bar can fill before the engine's final status message arrives.
    Fx.awaitText(
        robot,
        "#pull-status",
        t -> t.equals("Pulled " + reference + "."),
        "the pull reports it is done");
    assertThat(layers(robot))
        .as("each layer ends complete or already present")
        .isNotEmpty()
        .allMatch(l -> l.status().equals("Pull complete") || l.status().equals("Already exists"));
    assertThat(Fx.text(robot, "#images-error")).isEmpty();

    await("the pulled image is listed")
        .atMost(PATIENCE)
        .until(() -> row(robot, reference).isPresent());
    var row = row(robot, reference).orElseThrow();
    assertThat(row.shortId())
        .isEqualTo(imageId.substring("sha256:".length(), "sha256:".length() + 12));
    assertThat(Fx.showsText(robot, reference)).as("its name is visible in the table").isTrue();
    assertThat(Fx.showsText(robot, row.sizeText())).as("its size is shown in human units").isTrue();
  }

  @Test
  void aMistypedReferenceIsExplainedInTheWindow(FxRobot robot) {
    robot.clickOn("#pull-reference").write("Not/Lowercase");
    robot.clickOn("#pull-button");
    Fx.awaitText(
        robot,
        "#images-error",
        t -> t.contains("repository names must be lowercase"),
        "the window says what is wrong with the name");
  }

  @SuppressWarnings("unchecked")
  @Test
  void anImagesHistoryListsItsLayers(FxRobot robot) {
    await("the test image is listed")
        .atMost(PATIENCE)
        .until(() -> row(robot, "drover-test/busybox:1").isPresent());
    var image = row(robot, "drover-test/busybox:1").orElseThrow();
    robot.interact(
        () ->
            robot
                .lookup("#images-table")
                .<TableView<ImageRow>>query()
                .getSelectionModel()
                .select(image));
    robot.clickOn("#images-history");
    await("the layers are shown")
        .atMost(PATIENCE)
        .until(
            () ->
                Fx.onFx(
                    () ->
                        robot.lookup(".text-area").queryAllAs(TextArea.class).stream()
                            .anyMatch(
                                area ->
                                    area.getText().startsWith("SIZE")
                                        && area.getText().contains("CREATED BY"))));
  }

  private static Optional<ImageRow> row(FxRobot robot, String name) {
    return onFx(
        () ->
            robot.lookup("#images-table").<TableView<ImageRow>>query().getItems().stream()
                .filter(r -> r.reference().equals(name))
                .findFirst());
  }

  @SuppressWarnings("unchecked")
  private static List<LayerRow> layers(FxRobot robot) {
    return onFx(
        () -> List.copyOf(robot.lookup("#pull-layers").<ListView<LayerRow>>query().getItems()));
  }
}
