package dev.drover.tests.kubernetes;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.forgetTestFxEvents;
import static dev.drover.tests.support.Fx.onFx;
import static dev.drover.tests.support.Fx.usedHeapAfterGc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.Drover;
import dev.drover.app.ui.containers.logs.LogsView;
import dev.drover.app.ui.kubernetes.PodDetailsView;
import dev.drover.app.ui.terminal.TerminalView;
import dev.drover.bench.KubeMock;
import dev.drover.kube.cluster.ResourceRow;
import dev.drover.kube.cluster.ResourceType;
import dev.drover.kube.cluster.ResourceTypes;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
 * The Kubernetes page lets go of what a closed page made: a pod's details (with its log and its
 * shell visited) and the YAML window become garbage with their view models once closed, while the
 * user also moves between kinds and namespaces. Against Fabric8's mock API server in CRUD mode,
 * with a pod in each of two namespaces. Weak references to what each page made must all be cleared
 * by the garbage collector afterwards (the gate); the used heap after a full collection may keep
 * only a bounded residue. The figures before and after are printed for the record.
 */
@ExtendWith(ApplicationExtension.class)
class KubernetesPagesMemoryKubeIT {

  private static final int CYCLES = 4;

  /**
   * A page with a terminal takes a while on a busy machine; this is patience, not a measurement.
   */
  private static final Duration PAGE_PATIENCE = Duration.ofSeconds(90);

  /**
   * What the heap may keep after the cycles, whatever their number: effects' texture pools (held
   * softly, so a full collection without memory pressure leaves them) and the last terminal page's
   * canvases, which WebKit frees only when its script collector next runs (up to about 26 MiB seen
   * here over 4 cycles; with soft references cleared the used heap stayed at 70 MiB over 10
   * cycles). A page kept whole, terminal and all, is more than 11 MiB a cycle on top.
   */
  private static final long RESIDUE_AT_MOST = 48L << 20;

  private static final String LOG =
      "/api/v1/namespaces/shop/pods/web-1/log?pretty=false&container=app&tailLines=100000&timestamps=true&follow=true";

  @TempDir Path configHome;
  private KubeMock shop;
  private Drover drover;

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) throws Exception {
    shop = new KubeMock();
    shop.createNamespace("shop");
    shop.createNamespace("tools");
    shop.client()
        .pods()
        .inNamespace("shop")
        .resource(KubeMock.pod("shop", "web-1", Map.of("app", "web")))
        .create();
    shop.client()
        .pods()
        .inNamespace("tools")
        .resource(KubeMock.pod("tools", "tool-1", Map.of("app", "tool")))
        .create();
    shop.expectLog(
        LOG, "2026-11-27T10:00:00Z starting web\n2026-11-27T10:00:01Z listening on :8080\n");
    shop.expectShell("shop", "web-1", "app");
    var kubeconfig =
        KubeMock.writeKubeconfig(
            configHome.resolve("kubeconfig"),
            KubeMock.contexts("shop", shop.url()),
            "shop",
            "shop");
    drover = Fx.droverFor(Fx.NO_ENGINE, configHome, kubeconfig);
    drover.show(stage);
  }

  @AfterEach
  void stop() {
    onFx(
        () -> {
          drover.close();
          return null;
        });
    shop.close();
  }

  @Test
  void closedPodPagesAndYamlWindowsAreCollectedWithTheirViewModels(FxRobot robot) throws Exception {
    robot.clickOn("#nav-kubernetes");
    awaitText(
        robot,
        "#kube-status",
        t -> t.startsWith("Connected to shop"),
        "the current context is connected");
    await("the pod is listed")
        .atMost(PATIENCE)
        .until(() -> rowNames(robot), names -> names.contains("web-1"));
    // One cycle first: what the first visit loads for good (styles, fonts, classes, the client's
    // HTTP stack) is
    // not what a page keeps.
    cycle(robot, 0, new LinkedHashMap<>());
    forgetTestFxEvents();
    var before = usedHeapAfterGc();

    var made = new LinkedHashMap<String, WeakReference<Object>>();
    for (int cycle = 1; cycle <= CYCLES; cycle++) cycle(robot, cycle, made);
    assertThat(made.keySet())
        .as("what the pages made")
        .contains(
            "PodDetailsView #1",
            "PodDetailsViewModel #1",
            "LogsViewModel #1",
            "PodShellViewModel #1",
            "TerminalViewModel #1",
            "YamlViewModel (tab) #1",
            "YamlDialog window #1",
            "YamlViewModel (window) #1");

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
        "KubernetesPagesMemoryKubeIT: used heap after GC %d MiB before, %d MiB after %d cycles%n",
        before >> 20, after >> 20, CYCLES);
    assertThat(alive).as("still reachable after the pages were closed").isEmpty();
    assertThat(after - before).as("heap kept after %d cycles", CYCLES).isLessThan(RESIDUE_AT_MOST);
  }

  /**
   * Opens the pod's details and visits its tabs (logs, events, YAML, shell), goes back, opens and
   * closes its YAML window, and moves to another kind and namespace and back, noting in {@code
   * made} what the pages made.
   */
  private void cycle(FxRobot robot, int cycle, Map<String, WeakReference<Object>> made) {
    selectPod(robot);
    robot.clickOn("#kube-open");
    await("the log of cycle " + cycle)
        .atMost(PAGE_PATIENCE)
        .until(
            () ->
                onFx(
                    () ->
                        robot
                            .lookup("#logs-list")
                            .<ListView<?>>tryQuery()
                            .map(list -> list.getItems().size())
                            .orElse(0)),
            n -> n == 2);
    selectTab(robot, "kube-pod-events-tab");
    selectTab(robot, "kube-pod-yaml-tab");
    await("the pod's YAML in cycle " + cycle)
        .atMost(PAGE_PATIENCE)
        .until(
            () ->
                onFx(
                    () ->
                        robot
                            .lookup("#kube-yaml-text")
                            .<TextArea>tryQuery()
                            .map(TextArea::getText)
                            .orElse("")),
            t -> t.contains("web-1"));
    selectTab(robot, "kube-pod-shell-tab");
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
                    .contains("toy$"));
    onFx(
        () -> {
          var page = robot.lookup((Node n) -> n instanceof PodDetailsView).query();
          made.put("PodDetailsView #" + cycle, new WeakReference<>(page));
          var model =
              viewModelsOf(robot.lookup("#kube-pod-back").<Button>query().getOnAction())
                  .get("PodDetailsViewModel");
          made.put(
              "PodDetailsViewModel #" + cycle,
              new WeakReference<>(Objects.requireNonNull(model, "the page's view model")));
          viewModelsOf(model)
              .forEach(
                  (type, it) ->
                      made.put(
                          type + (type.equals("YamlViewModel") ? " (tab)" : "") + " #" + cycle,
                          new WeakReference<>(it)));
          for (var type : List.of(LogsView.class, TerminalView.class)) {
            var view = robot.lookup((Node n) -> type.isInstance(n)).query();
            made.put(type.getSimpleName() + " #" + cycle, new WeakReference<>(view));
            viewModelsOf(view)
                .forEach((name, it) -> made.put(name + " #" + cycle, new WeakReference<>(it)));
          }
          return null;
        });
    robot.clickOn("#kube-pod-back");
    await("back at the list")
        .atMost(PATIENCE)
        .until(() -> onFx(() -> robot.lookup("#kube-table").tryQuery().isPresent()));

    selectPod(robot);
    robot.clickOn("#kube-yaml");
    await("the YAML window of cycle " + cycle)
        .atMost(PAGE_PATIENCE)
        .until(() -> onFx(() -> yamlWindowText(robot)), t -> t.contains("web-1"));
    onFx(
        () -> {
          var apply = inYamlWindow(robot, "#kube-yaml-apply", Button.class).orElseThrow();
          var window = (Stage) apply.getScene().getWindow();
          made.put("YamlDialog window #" + cycle, new WeakReference<>(window));
          made.put(
              "YamlViewModel (window) #" + cycle,
              new WeakReference<>(
                  Objects.requireNonNull(
                      viewModelsOf(apply.getOnAction()).get("YamlViewModel"),
                      "the window's view model")));
          window.close();
          return null;
        });

    choose(robot, ResourceTypes.SERVICES);
    awaitText(
        robot,
        "#kube-placeholder",
        t -> !t.isEmpty() && !t.startsWith("Loading"),
        "the services are read");
    choose(robot, ResourceTypes.PODS);
    chooseNamespace(robot, "tools");
    await("the other namespace's pod is listed")
        .atMost(PATIENCE)
        .until(() -> rowNames(robot), names -> names.contains("tool-1"));
    chooseNamespace(robot, "shop");
    await("the pod is listed again")
        .atMost(PATIENCE)
        .until(() -> rowNames(robot), names -> names.contains("web-1"));
  }

  /** The YAML window's text, once it is open: the one editor not in the main window. */
  private static String yamlWindowText(FxRobot robot) {
    return inYamlWindow(robot, "#kube-yaml-text", TextArea.class).map(TextArea::getText).orElse("");
  }

  private static <T extends Node> Optional<T> inYamlWindow(
      FxRobot robot, String selector, Class<T> type) {
    var mainWindow = robot.lookup("#kube-table").query().getScene().getWindow();
    return robot.lookup(selector).queryAll().stream()
        .filter(n -> n.getScene().getWindow() != mainWindow)
        .map(type::cast)
        .findFirst();
  }

  private static void selectPod(FxRobot robot) {
    await().atMost(PATIENCE).until(() -> rowNames(robot), names -> names.contains("web-1"));
    robot.clickOn((Node n) -> n instanceof TableCell<?, ?> cell && "web-1".equals(cell.getText()));
  }

  private static void selectTab(FxRobot robot, String id) {
    onFx(
        () -> {
          var tabs = robot.lookup(".tab-pane").<TabPane>query();
          tabs.getSelectionModel()
              .select(
                  tabs.getTabs().stream()
                      .filter(t -> id.equals(t.getId()))
                      .findFirst()
                      .orElseThrow());
          return null;
        });
  }

  private static void choose(FxRobot robot, ResourceType kind) {
    onFx(
        () -> {
          robot
              .lookup("#kube-kinds")
              .<ListView<ResourceType>>query()
              .getSelectionModel()
              .select(kind);
          return null;
        });
  }

  @SuppressWarnings("unchecked")
  private static void chooseNamespace(FxRobot robot, String namespace) {
    await("the namespace " + namespace + " is offered")
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(
                    () ->
                        robot
                            .lookup("#kube-namespace")
                            .<ComboBox<String>>query()
                            .getItems()
                            .contains(namespace)));
    onFx(
        () -> {
          robot.lookup("#kube-namespace").<ComboBox<String>>query().setValue(namespace);
          return null;
        });
  }

  /**
   * The view models {@code holder} refers to by a field of its own (a view's, or what a handler
   * captured).
   */
  private static Map<String, Object> viewModelsOf(Object holder) throws IllegalAccessException {
    var found = new LinkedHashMap<String, Object>();
    for (var field : holder.getClass().getDeclaredFields()) {
      if (!field.getType().getSimpleName().endsWith("ViewModel")) continue;
      field.setAccessible(true);
      var value = field.get(holder);
      if (value != null) found.put(field.getType().getSimpleName(), value);
    }
    return found;
  }

  @SuppressWarnings("unchecked")
  private static List<String> rowNames(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#kube-table")
                .<TableView<ResourceRow>>tryQuery()
                .map(t -> t.getItems().stream().map(ResourceRow::name).toList())
                .orElse(List.of()));
  }
}
