package dev.drover.tests.kubernetes;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.app.Drover;
import dev.drover.app.ui.terminal.TerminalView;
import dev.drover.bench.KubeMock;
import dev.drover.kube.cluster.KubeContext;
import dev.drover.kube.cluster.ResourceRow;
import dev.drover.kube.cluster.forward.PortForwards;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import javafx.scene.input.KeyCode;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;
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
 * The Kubernetes page in the real window under Xvfb, against two of Fabric8's mock API servers in
 * CRUD mode ("shop" is current, "staging" the other) and a context whose server refuses
 * connections.
 */
@ExtendWith(ApplicationExtension.class)
class KubernetesWindowKubeIT {

  private static final String REQUEST = "GET / HTTP/1.0\r\n\r\n";

  @TempDir Path configHome;
  private KubeMock shop;
  private KubeMock staging;
  private Drover drover;

  @BeforeAll
  static void displayPresent() {
    RealParts.display();
  }

  @Start
  void start(Stage stage) throws Exception {
    shop = new KubeMock();
    staging = new KubeMock();
    shop.createNamespace("shop");
    staging.createNamespace("shop");
    staging
        .client()
        .pods()
        .inNamespace("shop")
        .resource(KubeMock.pod("shop", "staging-web", Map.of("app", "web")))
        .create();
    var kubeconfig =
        KubeMock.writeKubeconfig(
            configHome.resolve("kubeconfig"),
            KubeMock.contexts(
                "shop", shop.url(), "staging", staging.url(), "refused", "http://127.0.0.1:1"),
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
    staging.close();
  }

  private void openPage(FxRobot robot) {
    robot.clickOn("#nav-kubernetes");
    awaitText(
        robot,
        "#kube-status",
        t -> t.startsWith("Connected to shop"),
        "the current context is connected");
  }

  @SuppressWarnings("unchecked")
  private List<String> rowNames(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#kube-table")
                .<TableView<ResourceRow>>tryQuery()
                .map(t -> t.getItems().stream().map(ResourceRow::name).toList())
                .orElse(List.of()));
  }

  private void chooseContext(FxRobot robot, String name) {
    robot.clickOn("#kube-context");
    robot.clickOn(
        (Node n) ->
            n instanceof ListCell<?> cell
                && cell.getItem() instanceof KubeContext c
                && c.name().equals(name)
                && n.isVisible());
  }

  @Test
  void switchingContextShowsTheOtherClusterAndNamesAnUnreachableOne(FxRobot robot) {
    openPage(robot);
    assertThat(
            onFx(
                () ->
                    robot
                        .lookup("#kube-context")
                        .<ComboBox<KubeContext>>query()
                        .getValue()
                        .label()))
        .as("the current context is chosen and marked")
        .isEqualTo("shop  (current)");

    chooseContext(robot, "refused");
    awaitText(
        robot,
        "#kube-status",
        t -> t.contains("connection refused") && t.contains("127.0.0.1:1"),
        "an unreachable cluster is named with the reason");
    // The window stays usable while the cluster is unreachable.
    robot.clickOn("#nav-containers");
    robot.clickOn("#nav-kubernetes");

    chooseContext(robot, "staging");
    awaitText(
        robot,
        "#kube-status",
        t -> t.startsWith("Connected to staging"),
        "the other cluster is connected");
    await("the other cluster's pods are listed")
        .atMost(PATIENCE)
        .until(() -> rowNames(robot), names -> names.contains("staging-web"));
  }

  @Test
  void checkingTheClusterAgainKeepsTheNamespaceChosen(FxRobot robot) {
    shop.createNamespace("tools");
    openPage(robot);
    await("the cluster's namespaces are offered")
        .atMost(PATIENCE)
        .until(() -> onFx(() -> namespaceChooser(robot).getItems().contains("tools")));

    robot.clickOn("#kube-reconnect");
    awaitText(
        robot,
        "#kube-status",
        t -> t.startsWith("Connected to shop"),
        "the cluster is checked again");
    await("the namespaces are read again")
        .atMost(PATIENCE)
        .until(() -> onFx(() -> namespaceChooser(robot).getItems().contains("tools")));
    assertThat(onFx(() -> namespaceChooser(robot).getValue()))
        .as("the context's namespace stays shown")
        .isEqualTo("shop");

    robot.clickOn("#kube-namespace");
    robot.clickOn(
        (Node n) ->
            n instanceof ListCell<?> cell && "tools".equals(cell.getItem()) && n.isVisible());
    robot.clickOn("#kube-reconnect");
    awaitText(
        robot,
        "#kube-status",
        t -> t.startsWith("Connected to shop"),
        "the cluster is checked again");
    await("the namespaces are read again")
        .atMost(PATIENCE)
        .until(() -> onFx(() -> namespaceChooser(robot).getItems().contains("shop")));
    assertThat(onFx(() -> namespaceChooser(robot).getValue()))
        .as("the namespace the user chose stays shown")
        .isEqualTo("tools");
    assertThat(
            onFx(
                () ->
                    ((Labeled)
                            ((ComboBoxListViewSkin<?>) namespaceChooser(robot).getSkin())
                                .getDisplayNode())
                        .getText()))
        .as("the chooser shows it")
        .isEqualTo("tools");
  }

  @SuppressWarnings("unchecked")
  private static ComboBox<String> namespaceChooser(FxRobot robot) {
    return robot.lookup("#kube-namespace").queryAs(ComboBox.class);
  }

  @Test
  void podsAppearAndDisappearAsTheClusterChanges(FxRobot robot) {
    openPage(robot);
    shop.client()
        .pods()
        .inNamespace("shop")
        .resource(KubeMock.pod("shop", "web-1", Map.of("app", "web")))
        .create();
    await("a created pod appears")
        .atMost(PATIENCE)
        .until(() -> rowNames(robot), names -> names.contains("web-1"));
    await("its status badge is shown").atMost(PATIENCE).until(() -> Fx.showsText(robot, "Running"));

    shop.client().pods().inNamespace("shop").withName("web-1").delete();
    await("a deleted pod disappears")
        .atMost(PATIENCE)
        .until(() -> rowNames(robot), names -> !names.contains("web-1"));
  }

  @Test
  void aPodsLogOpensFromTheTable(FxRobot robot) {
    shop.client()
        .pods()
        .inNamespace("shop")
        .resource(KubeMock.pod("shop", "web-1", Map.of("app", "web")))
        .create();
    shop.expectLog(
        "/api/v1/namespaces/shop/pods/web-1/log?pretty=false&container=app&tailLines=100000&timestamps=true&follow=true",
        "2026-11-27T10:00:00Z starting web\n2026-11-27T10:00:01Z listening on :8080\n");
    openPage(robot);
    await().atMost(PATIENCE).until(() -> rowNames(robot), names -> names.contains("web-1"));
    robot.clickOn((Node n) -> n instanceof TableCell<?, ?> cell && "web-1".equals(cell.getText()));
    robot.clickOn("#kube-open");

    await("the log lines are shown")
        .atMost(PATIENCE)
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
    awaitText(robot, "#kube-pod-title", "shop/web-1"::equals, "the page names the pod");
    robot.clickOn("#kube-pod-back");
    await()
        .atMost(PATIENCE)
        .until(() -> onFx(() -> robot.lookup("#kube-table").tryQuery().isPresent()));
  }

  @Test
  void aPortForwardStartsCarriesARequestAndStops(FxRobot robot) throws Exception {
    shop.client()
        .pods()
        .inNamespace("shop")
        .resource(KubeMock.pod("shop", "web-1", Map.of("app", "web")))
        .create();
    shop.expectPortForward(
        "shop", "web-1", 8080, REQUEST, "HTTP/1.0 200 OK\r\n\r\nhello from web-1");
    int localPort;
    try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      localPort = probe.getLocalPort();
    }
    openPage(robot);
    await().atMost(PATIENCE).until(() -> rowNames(robot), names -> names.contains("web-1"));
    robot.clickOn((Node n) -> n instanceof TableCell<?, ?> cell && "web-1".equals(cell.getText()));
    robot.clickOn("#kube-forward");
    robot.clickOn("#kube-forward-local").write(Integer.toString(localPort));
    robot.clickOn("#kube-forward-ok");

    await("the forward is listed")
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(
                    () ->
                        robot
                            .lookup("#kube-forwards")
                            .<ListView<PortForwards.Forward>>query()
                            .getItems()
                            .stream()
                            .map(PortForwards.Forward::localPort)
                            .toList()),
            ports -> ports.contains(localPort));
    assertThat(fetch(localPort)).endsWith("hello from web-1");

    robot.clickOn("#kube-forward-stop-" + localPort);
    await("the stopped forward leaves the list")
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(
                    () ->
                        robot
                            .lookup("#kube-forwards")
                            .<ListView<PortForwards.Forward>>query()
                            .getItems()
                            .isEmpty()));
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), localPort).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aPodsShellRunsInATerminalWithItsSizeColoursAndExitCode(FxRobot robot) {
    shop.client()
        .pods()
        .inNamespace("shop")
        .resource(KubeMock.pod("shop", "web-1", Map.of("app", "web")))
        .create();
    shop.expectLog(
        "/api/v1/namespaces/shop/pods/web-1/log?pretty=false&container=app&tailLines=100000&timestamps=true&follow=true",
        "2026-11-27T10:00:00Z starting web\n");
    var shell = shop.expectShell("shop", "web-1", "app");
    openPage(robot);
    await().atMost(PATIENCE).until(() -> rowNames(robot), names -> names.contains("web-1"));
    robot.clickOn((Node n) -> n instanceof TableCell<?, ?> cell && "web-1".equals(cell.getText()));
    robot.clickOn("#kube-open");
    assertThat(shell.opened()).as("no shell before its tab is shown").isZero();
    assertThat(onFx(() -> robot.lookup("#terminal-web").tryQuery().isPresent()))
        .as("nor a WebView")
        .isFalse();

    onFx(
        () -> {
          var tabs = robot.lookup(".tab-pane").<TabPane>query();
          tabs.getSelectionModel()
              .select(
                  tabs.getTabs().stream()
                      .filter(t -> "kube-pod-shell-tab".equals(t.getId()))
                      .findFirst()
                      .orElseThrow());
          return null;
        });
    await("the shell's prompt, or why there is none")
        .atMost(PATIENCE)
        .until(() -> screen(robot).contains("toy$") || terminalStatus(robot).contains("."));
    assertThat(terminalStatus(robot)).as("nothing went wrong").isEmpty();
    assertThat(screen(robot)).contains("toy$");
    assertThat(
            onFx(() -> robot.lookup("#kube-shell-container").<ComboBox<String>>query().getValue()))
        .isEqualTo("app");
    int columns = onFx(() -> ((Number) web(robot).executeScript("term.cols")).intValue());
    int rows = onFx(() -> ((Number) web(robot).executeScript("term.rows")).intValue());
    await("the shell knows the terminal's size")
        .atMost(PATIENCE)
        .until(() -> shell.size() != null && shell.size()[0] == columns && shell.size()[1] == rows);
    var promptColour =
        onFx(
            () ->
                web(robot)
                    .executeScript(
                        """
                (function () {
                  var b = term.buffer.active;
                  for (var y = 0; y < b.length; y++) {
                    var line = b.getLine(y);
                    if (line && line.translateToString(true).indexOf('toy$') === 0) {
                      var cell = line.getCell(0);
                      return cell.isFgPalette() ? cell.getFgColor() : -1;
                    }
                  }
                  return -2;
                })()"""));
    assertThat(((Number) promptColour).intValue())
        .as("the prompt's escape codes are rendered as green")
        .isEqualTo(2);

    robot.clickOn("#terminal-web").write("echo hi").type(KeyCode.ENTER);
    await("the shell's answer")
        .atMost(PATIENCE)
        .until(() -> screen(robot).contains("you typed: echo hi"));
    assertThat(shell.lines()).containsExactly("echo hi");

    robot.write("exit 3").type(KeyCode.ENTER);
    awaitText(
        robot,
        "#terminal-status",
        "The shell exited with code 3."::equals,
        "the exit code is shown");
    robot.clickOn("#terminal-reopen");
    await("a new shell opens").atMost(PATIENCE).until(shell::opened, n -> n == 2);
    robot.clickOn("#terminal-web").write("again").type(KeyCode.ENTER);
    await("the new shell answers")
        .atMost(PATIENCE)
        .until(() -> screen(robot).contains("you typed: again"));
  }

  private static String screen(FxRobot robot) {
    return onFx(
        () ->
            robot
                .lookup("#terminal")
                .<TerminalView>tryQuery()
                .map(TerminalView::screenText)
                .orElse(""));
  }

  private static String terminalStatus(FxRobot robot) {
    return onFx(
        () -> robot.lookup("#terminal-status").<Label>tryQuery().map(Label::getText).orElse(""));
  }

  private static WebEngine web(FxRobot robot) {
    return robot.lookup("#terminal-web").<WebView>query().getEngine();
  }

  private static String fetch(int port) throws Exception {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      var received = new ByteArrayOutputStream();
      var buffer = new byte[4096];
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && !received.toString(StandardCharsets.UTF_8).contains("hello")) {
        int n = socket.getInputStream().read(buffer);
        if (n < 0) break;
        received.write(buffer, 0, n);
      }
      return received.toString(StandardCharsets.UTF_8);
    }
  }
}
