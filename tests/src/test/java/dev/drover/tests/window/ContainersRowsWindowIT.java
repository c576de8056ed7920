package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static org.awaitility.Awaitility.await;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.containers.ContainersView;
import dev.drover.app.ui.containers.ContainersViewModel;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.containers.ContainerAction;
import dev.drover.engine.containers.ContainerCommands;
import dev.drover.engine.containers.RunSpec;
import dev.drover.tests.support.RealParts;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Containers page's table under Xvfb, fed container updates by hand (no engine): the stats
 * follow the rows on screen, read from the table's own rows, also after the table has made its rows
 * again.
 */
@ExtendWith(ApplicationExtension.class)
class ContainersRowsWindowIT {

  private static final Instant CREATED = Instant.parse("2026-01-01T12:00:00Z");

  /** The containers whose stats are followed now. */
  private final Set<String> followed = ConcurrentHashMap.newKeySet();

  private ContainersViewModel model;
  private TableView<?> table;

  /** Commands nobody gives in these tests. */
  private static final class NoCommands implements ContainerCommands {
    @Override
    public void apply(ContainerAction action, String containerId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void remove(String containerId, boolean anonymousVolumes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String run(RunSpec spec, Consumer<String> progress) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> runtimes() {
      return List.of();
    }
  }

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) {
    var background =
        new Background(Executors.newVirtualThreadPerTaskExecutor(), Platform::runLater);
    model =
        new ContainersViewModel(
            background,
            new NoCommands(),
            url -> {},
            (id, samples) -> {
              followed.add(id);
              return () -> followed.remove(id);
            },
            Clock.systemUTC());
    var view =
        new ContainersView(
            model,
            () -> {
              throw new UnsupportedOperationException();
            },
            (container, back) -> {
              throw new UnsupportedOperationException();
            });
    stage.setScene(new Scene(view, 1024, 700));
    stage.show();
    // As the engine watcher says once it has reached an engine: the page builds its table.
    model.statusChanged(
        new EngineStatus.Connected(
            EngineEndpoint.of("default", URI.create("unix:///var/run/docker.sock")),
            "27.0",
            "linux"));
    model.containersChanged(
        new ContainerUpdate.Reset(
            IntStream.range(0, 300)
                .mapToObj(
                    i ->
                        new ContainerSummary(
                            "id-%03d".formatted(i),
                            "web-%03d".formatted(i),
                            "nginx:1.27",
                            "running",
                            "Up 2 minutes",
                            CREATED,
                            List.of(),
                            null))
                .toList()));
  }

  @Test
  void statsFollowTheRowsOnScreenAfterTheTableMadeItsRowsAgain(FxRobot robot) {
    table = onFx(() -> robot.lookup("#containers-table").<TableView<?>>query());
    await("the rows are drawn").atMost(PATIENCE).until(() -> followed.contains("id-000"));
    for (int i = 0; i < 5; i++) {
      // As when the columns or the skin change: the table makes all its rows again.
      onFx(
          () -> {
            table.refresh();
            return null;
          });
      WaitForAsyncUtils.waitForFxEvents();
    }

    onFx(
        () -> {
          table.scrollTo(250);
          return null;
        });
    await("the stats follow the rows scrolled to")
        .atMost(PATIENCE)
        .until(() -> followed.contains("id-250") && !followed.contains("id-000"));
  }
}
