package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static dev.drover.tests.support.ImagesPaneFixtures.exists;
import static dev.drover.tests.support.ImagesPaneFixtures.removeImageQuietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import atlantafx.base.theme.PrimerLight;
import com.github.dockerjava.api.DockerClient;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.images.ImagesView;
import dev.drover.app.ui.images.ImagesViewModel;
import dev.drover.engine.EngineClients;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.images.ImageBuilds;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
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

/** The Build image dialog of the Images page in a real window under Xvfb, on the shared dockerd. */
@ExtendWith(ApplicationExtension.class)
class ImageBuildWindowDockerIT {

  private static DockerClient docker;

  @TempDir Path folder;

  private EngineClients clients;
  private final String tag =
      "drover-test/build-window-" + UUID.randomUUID().toString().substring(0, 8) + ":1";

  @BeforeAll
  static void realEngine() throws Exception {
    RealParts.display();
    docker = TestEngine.client();
    TestImages.busybox(docker);
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (docker != null) docker.close();
  }

  @Start
  void start(Stage stage) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    var ui = new FxUiDispatcher();
    clients = new EngineClients(TestEngine::endpoint);
    var model =
        new ImagesViewModel(
            new DockerImageService(clients),
            new ImageBuilds(clients, RegistryCredentials.forThisMachine(clients))::build,
            Background.virtualThreads(ui),
            ui);
    stage.setScene(new Scene(new ImagesView(model), 1100, 700));
    stage.setTitle("Drover – Images");
    stage.show();
  }

  @AfterEach
  void cleanUp() {
    removeImageQuietly(docker, tag);
    clients.close();
  }

  @Test
  void buildDialogBuildsTheFolderAndStreamsTheEnginesOutput(FxRobot robot) throws Exception {
    // No RUN step: the test engine has no bridge network, and the dialog builds with the engine's
    // default.
    Files.writeString(folder.resolve("hello.txt"), "hello");
    Files.writeString(
        folder.resolve("Dockerfile"),
        "FROM " + TestImages.BUSYBOX + "\nCOPY hello.txt /hello.txt\nLABEL drover.test=window\n");

    robot.clickOn("#build-button");
    robot.clickOn("#build-folder").write(folder.toString());
    robot.clickOn("#build-tag").write(tag);
    robot.clickOn("#build-start");

    Fx.awaitText(
        robot,
        "#build-status",
        t -> t.startsWith("Built " + tag + " ("),
        "the build reports it is done");
    assertThat(output(robot))
        .anyMatch(l -> l.startsWith("Step 2/3 : COPY hello.txt /hello.txt"))
        .anyMatch(l -> l.startsWith("Successfully built"));
    assertThat(Fx.text(robot, "#build-error")).isEmpty();
    assertThat(exists(docker, tag)).isTrue();
  }

  @Test
  void buildDialogShowsWhyAFolderWithoutDockerfileCannotBeBuilt(FxRobot robot) {
    robot.clickOn("#build-button");
    robot.clickOn("#build-folder").write(folder.toString());
    robot.clickOn("#build-tag").write(tag);
    robot.clickOn("#build-start");

    Fx.awaitText(
        robot,
        "#build-error",
        t -> t.startsWith("There is no file named \"Dockerfile\""),
        "the missing Dockerfile is explained");
    await().atMost(PATIENCE).until(() -> output(robot).isEmpty());
    assertThat(exists(docker, tag)).isFalse();
  }

  @SuppressWarnings("unchecked")
  private static List<String> output(FxRobot robot) {
    return onFx(
        () -> List.copyOf(robot.lookup("#build-output").queryAs(ListView.class).getItems()));
  }
}
