package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.forgetTestFxEvents;
import static dev.drover.tests.support.Fx.onFx;
import static dev.drover.tests.support.Fx.usedHeapAfterGc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.drover.app.Drover;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.containers.details.ContainerDetailsView;
import dev.drover.app.ui.containers.logs.LogsView;
import dev.drover.app.ui.containers.stats.StatsView;
import dev.drover.app.ui.terminal.TerminalView;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
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
 * A container's details page lets go of everything it made once the user goes back: its views and
 * their view models (logs, stats, terminal) become garbage, and so does what they hold outside
 * plain Java objects (WebKit's drawing surfaces for the terminal's page, several MiB each). Each
 * page is opened with every tab visited and closed again a few times, against a container that
 * keeps logging; weak references to what each page made must all be cleared by the garbage
 * collector afterwards, and the used heap after a full collection may grow by only a little per
 * page. The figures before and after are printed for the record.
 */
@ExtendWith(ApplicationExtension.class)
class DetailsMemoryDockerIT {

  private static final int CYCLES = 4;

  /**
   * A page with a terminal takes a while on a busy machine; this is patience, not a measurement.
   */
  private static final Duration PAGE_PATIENCE = Duration.ofSeconds(90);

  private static final long KEPT_PER_PAGE_AT_MOST = 4L << 20;

  private static DockerClient docker;
  private static String container;

  @TempDir Path configHome;
  private Drover drover;

  @BeforeAll
  static void loggingContainer() throws Exception {
    RealParts.display();
    docker = TestEngine.client();
    container = TestEngine.uniqueName("details-memory");
    docker
        .createContainerCmd(TestImages.busybox(docker))
        .withName(container)
        .withCmd(
            "sh",
            "-c",
            "i=0; while true; do i=$((i+1)); echo \"line $i of a chatty server\"; sleep 0.05; done")
        .exec();
    docker.startContainerCmd(container).exec();
  }

  @AfterAll
  static void removeContainer() throws Exception {
    if (docker == null) return;
    TestEngine.removeQuietly(docker, container);
    docker.close();
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
  void closedDetailsPagesAreCollectedWithTheirViewModels(FxRobot robot) throws Exception {
    await("listed as running")
        .atMost(PATIENCE)
        .until(() -> row(robot), r -> r != null && r.running());
    // Leftover containers on a shared engine can put its row below the fold, where it cannot be
    // clicked.
    robot.clickOn("#containers-filter").write(container);
    // One page first: what the first visit loads for good (styles, fonts, classes) is not what a
    // page keeps.
    openAndClose(robot, 0, new LinkedHashMap<>());
    forgetTestFxEvents();
    var before = usedHeapAfterGc();

    var made = new LinkedHashMap<String, WeakReference<Object>>();
    for (int cycle = 1; cycle <= CYCLES; cycle++) openAndClose(robot, cycle, made);
    assertThat(made.keySet())
        .as("what the pages made")
        .contains(
            "LogsViewModel #1",
            "StatsViewModel #1",
            "TerminalViewModel #1",
            "ContainerDetailsView #1");

    forgetTestFxEvents();
    var alive = new ArrayList<String>();
    for (int attempt = 0; attempt < 20; attempt++) {
      usedHeapAfterGc();
      alive.clear();
      made.forEach(
          (name, ref) -> {
            if (ref.get() != null) alive.add(name);
          });
      if (alive.isEmpty()) break;
      Thread.sleep(250);
    }
    var after = usedHeapAfterGc();
    System.out.printf(
        "DetailsMemoryDockerIT: used heap after GC %d MiB before, %d MiB after %d open/close cycles%n",
        before >> 20, after >> 20, CYCLES);
    assertThat(alive).as("still reachable after the details pages were closed").isEmpty();
    // What the views hold outside the Java objects above, WebKit's drawing surfaces for the
    // terminal above all
    // (several MiB a page), must go with them, not pile up page after page.
    assertThat(after - before)
        .as("heap kept by %d closed pages", CYCLES)
        .isLessThan(CYCLES * KEPT_PER_PAGE_AT_MOST);
  }

  /**
   * Opens the container's details, visits every tab, and goes back, noting in {@code made} what the
   * page made.
   */
  private void openAndClose(FxRobot robot, int cycle, Map<String, WeakReference<Object>> made) {
    await("the row on screen").atMost(PATIENCE).until(() -> tableRow(robot) != null);
    robot.clickOn(tableRow(robot));
    robot.clickOn("#action-details");
    await("the logs of cycle " + cycle).atMost(PAGE_PATIENCE).until(() -> logLines(robot) > 0);
    robot.clickOn("Stats");
    await("stats of cycle " + cycle)
        .atMost(PAGE_PATIENCE)
        .until(() -> Fx.text(robot, "#stats-latest"), t -> t != null && t.contains("%"));
    robot.clickOn("Inspect");
    robot.clickOn("Terminal");
    await("a shell prompt in cycle " + cycle)
        .atMost(PAGE_PATIENCE)
        .until(
            () ->
                onFx(() ->
                        robot
                            .lookup("#terminal")
                            .<TerminalView>tryQuery()
                            .map(TerminalView::screenText)
                            .orElse(""))
                    .contains("#"));
    onFx(
        () -> {
          for (var type :
              List.of(
                  ContainerDetailsView.class,
                  LogsView.class,
                  StatsView.class,
                  TerminalView.class)) {
            var view = robot.lookup((Node n) -> type.isInstance(n)).query();
            made.put(type.getSimpleName() + " #" + cycle, new WeakReference<>(view));
            for (var field : type.getDeclaredFields()) {
              if (field.getType().getSimpleName().endsWith("ViewModel")) {
                field.setAccessible(true);
                made.put(
                    field.getType().getSimpleName() + " #" + cycle,
                    new WeakReference<>(field.get(view)));
              }
            }
          }
          return null;
        });
    robot.clickOn("#details-back");
    await("back at the list").atMost(PATIENCE).until(() -> tableRow(robot) != null);
  }

  private static int logLines(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#logs-list")
                .<ListView<?>>tryQuery()
                .map(list -> list.getItems().size())
                .orElse(0));
  }

  @SuppressWarnings("unchecked")
  /**
   * The table row drawn for the container, not the filter field, which holds its name too; null
   * while none is.
   */
  private static Node tableRow(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup(
                    (Node n) ->
                        n instanceof TableRow<?> r
                            && r.isVisible()
                            && r.getItem() instanceof ContainerRow c
                            && c.name().equals(container))
                .tryQuery()
                .orElse(null));
  }

  private static ContainerRow row(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#containers-table")
                .<TableView<ContainerRow>>tryQuery()
                .flatMap(
                    table ->
                        table.getItems().stream()
                            .filter(r -> r.name().equals(container))
                            .findFirst())
                .orElse(null));
  }
}
