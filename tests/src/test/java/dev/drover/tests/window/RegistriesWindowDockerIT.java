package dev.drover.tests.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.images.ImagesView;
import dev.drover.app.ui.images.ImagesViewModel;
import dev.drover.app.ui.images.RegistriesViewModel;
import dev.drover.engine.EngineClients;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Images pane's "Registries…" dialog on a real engine: login checked by the engine, listed,
 * logged out.
 */
@ExtendWith(ApplicationExtension.class)
class RegistriesWindowDockerIT {

  @TempDir Path dockerConfig;

  private EngineClients clients;

  @Start
  void show(Stage stage) {
    RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
    clients = new EngineClients(TestEngine::endpoint);
    var background = Background.virtualThreads(new FxUiDispatcher());
    var credentials = new RegistryCredentials(dockerConfig, clients);
    var view =
        new ImagesView(
                new ImagesViewModel(
                    new DockerImageService(clients, credentials), background, background.ui()))
            .withRegistries(new RegistriesViewModel(credentials, background));
    stage.setScene(new Scene(view, 1000, 600));
    stage.show();
  }

  @AfterEach
  void closeClients() {
    if (clients != null) clients.close();
  }

  @Test
  void loginToAnOpenRegistryIsListedAndLogoutRemovesIt(FxRobot robot) {
    var registry = System.getenv("DROVER_TEST_REGISTRY");
    robot.clickOn("#registries-button");
    robot.clickOn("#registries-server").write(registry);
    robot.clickOn("#registries-user").write("drover");
    robot.clickOn("#registries-password").write("anything");
    robot.clickOn("#registries-login");

    Fx.awaitText(
        robot,
        "#registries-notice",
        t -> t.startsWith("Logged in to " + registry),
        "the login notice");
    ListView<String> list = robot.lookup("#registries-list").query();
    assertThat(Fx.onFx(() -> list.getItems().stream().toList())).containsExactly(registry);
    assertThat(Files.exists(dockerConfig.resolve("config.json"))).isTrue();

    robot.interact(() -> list.getSelectionModel().select(registry));
    robot.clickOn("#registries-logout");

    await().atMost(Fx.PATIENCE).until(() -> Fx.onFx(() -> list.getItems().isEmpty()));
    assertThat(Fx.text(robot, "#registries-notice")).startsWith("Logged out of " + registry);
  }

  @Test
  void unreachableRegistryShowsTheEngineWordsAndSavesNothing(FxRobot robot) {
    robot.clickOn("#registries-button");
    robot.clickOn("#registries-server").write("127.0.0.1:1");
    robot.clickOn("#registries-user").write("drover");
    robot.clickOn("#registries-password").write("anything");
    robot.clickOn("#registries-login");

    Fx.awaitText(
        robot,
        "#registries-error",
        t -> t.startsWith("Logging in to 127.0.0.1:1 failed: the engine said:"),
        "the engine's refusal");
    assertThat(Files.exists(dockerConfig.resolve("config.json"))).isFalse();
  }
}
