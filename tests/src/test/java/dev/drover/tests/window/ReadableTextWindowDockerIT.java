package dev.drover.tests.window;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.drover.app.Drover;
import dev.drover.app.ui.containers.ContainerRow;
import dev.drover.app.ui.images.ImageRow;
import dev.drover.app.ui.networks.NetworkRow;
import dev.drover.app.ui.volumes.VolumeRow;
import dev.drover.bench.KubeMock;
import dev.drover.kube.cluster.ResourceRow;
import dev.drover.kube.cluster.ResourceType;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every page of the real window, and every dialog a button opens, at the smallest window sizes
 * Drover is used at: no label, button, column header or dialog field may be cut ("…") or pushed out
 * of the window. The pages show real things of the shared dockerd: a running Compose container with
 * a published port, an image, a volume and a network; the Kubernetes pages show a pod and a
 * deployment of Fabric8's mock API server. Each page is also saved as a PNG under
 * target/window-screenshots, to look at.
 */
@ExtendWith(ApplicationExtension.class)
class ReadableTextWindowDockerIT {

  private static final Path SCREENSHOTS = Path.of("target", "window-screenshots");

  private static DockerClient docker;
  private static String image;
  private static String container;
  private static String volume;
  private static String network;
  private static KubeMock cluster;

  @TempDir Path configHome;
  private Drover drover;
  private Stage stage;

  @BeforeAll
  static void thingsToShow() throws Exception {
    RealParts.display();
    docker = TestEngine.client();
    image = TestImages.busybox(docker);
    container = TestEngine.uniqueName("readable");
    var id =
        docker
            .createContainerCmd(image)
            .withName(container)
            .withCmd("sleep", "600")
            .withLabels(Map.of("com.docker.compose.project", container + "-project"))
            .withExposedPorts(ExposedPort.tcp(80))
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withPortBindings(
                        new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(80))))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    volume =
        docker
            .createVolumeCmd()
            .withName(TestEngine.uniqueName("readable-volume"))
            .exec()
            .getName();
    network = TestEngine.uniqueName("readable-network");
    docker.createNetworkCmd().withName(network).exec();

    cluster = new KubeMock();
    cluster.createNamespace("shop");
    cluster
        .client()
        .pods()
        .inNamespace("shop")
        .resource(KubeMock.pod("shop", "web-1", Map.of("app", "web")))
        .create();
    cluster.expectLog(
        "/api/v1/namespaces/shop/pods/web-1/log?pretty=false&container=app&tailLines=100000"
            + "&timestamps=true&follow=true",
        "2026-11-27T10:00:00Z listening on :8080\n");
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/web:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  @AfterAll
  static void removeThings() throws Exception {
    if (cluster != null) cluster.close();
    if (docker == null) return;
    if (container != null) TestEngine.removeQuietly(docker, container);
    quietly(() -> docker.removeVolumeCmd(volume).exec());
    quietly(() -> docker.removeNetworkCmd(network).exec());
    docker.close();
  }

  @Start
  void start(Stage stage) throws IOException {
    this.stage = stage;
    // As deep as a settings folder under a Windows profile: Troubleshooting shows these paths.
    var settingsFolder =
        Files.createDirectories(
            configHome
                .resolve("Users")
                .resolve("Firstname Lastname")
                .resolve("AppData")
                .resolve("Roaming")
                .resolve("Drover settings and logs"));
    var kubeconfig =
        KubeMock.writeKubeconfig(
            configHome.resolve("kubeconfig"),
            KubeMock.contexts("shop", cluster.url()),
            "shop",
            "shop");
    drover = Fx.droverFor(TestEngine.host(), settingsFolder, kubeconfig);
    drover.show(stage);
  }

  @AfterEach
  void closeApp() {
    drover.close();
  }

  @Test
  void noTextIsCutOnAnyPageOrDialogAt1024x700(FxRobot robot) {
    assertThat(cutTextOnEveryPage(robot, 1024, 700))
        .as("controls whose text is cut at 1024x700")
        .isEmpty();
  }

  @Test
  void noTextIsCutOnAnyPageOrDialogAt1100x700(FxRobot robot) {
    assertThat(cutTextOnEveryPage(robot, 1100, 700))
        .as("controls whose text is cut at 1100x700")
        .isEmpty();
  }

  /** Visits every page and dialog at {@code width}x{@code height}; returns what is cut, by page. */
  private List<CutText.Cut> cutTextOnEveryPage(FxRobot robot, int width, int height) {
    resize(width, height);
    var size = width + "x" + height;
    var cuts = new ArrayList<CutText.Cut>();

    await("the container is listed").atMost(PATIENCE).until(() -> containerRow(robot) != null);
    cuts.addAll(page(robot, size, "Containers"));
    selectContainer(robot);
    cuts.addAll(dialog(robot, "Run a container dialog", () -> robot.clickOn("#run-container")));
    cuts.addAll(
        dialog(
            robot,
            "Remove containers dialog",
            () -> {
              selectContainer(robot);
              robot.clickOn("#action-remove");
            }));
    selectContainer(robot);
    robot.clickOn("#action-details");
    for (var tab : List.of("Logs", "Stats", "Inspect", "Terminal")) {
      selectTab(robot, "#details-tabs", tab);
      cuts.addAll(page(robot, size, "Container details, " + tab));
    }
    robot.clickOn("#details-back");

    // Other tests share the engine: its events re-list a page and may clear a selection, so each
    // dialog that
    // acts on a row selects it again first.
    robot.clickOn("#nav-images");
    Runnable selectImage =
        () ->
            await("the image is listed")
                .atMost(PATIENCE)
                .until(
                    () ->
                        select(
                            robot,
                            "#images-table",
                            (ImageRow row) -> row.reference().endsWith(image)));
    selectImage.run();
    cuts.addAll(page(robot, size, "Images"));
    cuts.addAll(dialog(robot, "Registries dialog", () -> robot.clickOn("#registries-button")));
    cuts.addAll(dialog(robot, "Build dialog", () -> robot.clickOn("#build-button")));
    for (var button : List.of("#images-tag", "#images-inspect", "#images-remove")) {
      cuts.addAll(
          dialog(
              robot,
              "Images " + button + " dialog",
              () -> {
                selectImage.run();
                robot.clickOn(button);
              }));
    }
    cuts.addAll(dialog(robot, "Prune images dialog", () -> robot.clickOn("#images-prune")));

    robot.clickOn("#nav-volumes");
    Runnable selectVolume =
        () ->
            await("the volume is listed")
                .atMost(PATIENCE)
                .until(
                    () ->
                        select(
                            robot, "#volumes-table", (VolumeRow row) -> row.name().equals(volume)));
    selectVolume.run();
    cuts.addAll(page(robot, size, "Volumes"));
    for (var button : List.of("#volume-browse", "#volume-remove")) {
      cuts.addAll(
          dialog(
              robot,
              "Volumes " + button + " dialog",
              () -> {
                selectVolume.run();
                robot.clickOn(button);
              }));
    }
    cuts.addAll(dialog(robot, "Prune volumes dialog", () -> robot.clickOn("#volumes-prune")));

    robot.clickOn("#nav-networks");
    Runnable selectNetwork =
        () ->
            await("the network is listed")
                .atMost(PATIENCE)
                .until(
                    () ->
                        select(
                            robot,
                            "#networks-table",
                            (NetworkRow row) -> row.name().equals(network)));
    selectNetwork.run();
    cuts.addAll(page(robot, size, "Networks"));
    cuts.addAll(
        dialog(
            robot,
            "Remove network dialog",
            () -> {
              selectNetwork.run();
              robot.clickOn("#network-remove");
            }));

    cuts.addAll(kubernetesPages(robot, size));

    for (var page : List.of("containerd", "settings", "troubleshooting")) {
      robot.clickOn("#nav-" + page);
      cuts.addAll(page(robot, size, page.substring(0, 1).toUpperCase() + page.substring(1)));
    }
    if (!onFx(() -> robot.lookup("#vm-factory-reset").query().isDisabled())) {
      cuts.addAll(dialog(robot, "Factory reset dialog", () -> robot.clickOn("#vm-factory-reset")));
    }
    cuts.forEach(cut -> System.out.println("cut at " + size + ": " + cut));
    return cuts;
  }

  /** The Kubernetes page with a pod and a deployment, its dialogs and a pod's details page. */
  private List<CutText.Cut> kubernetesPages(FxRobot robot, String size) {
    var cuts = new ArrayList<CutText.Cut>();
    robot.clickOn("#nav-kubernetes");
    await("the pod is listed")
        .atMost(PATIENCE)
        .until(() -> select(robot, "#kube-table", (ResourceRow row) -> row.name().equals("web-1")));
    cuts.addAll(page(robot, size, "Kubernetes"));
    cuts.addAll(dialog(robot, "Forward a port dialog", () -> robot.clickOn("#kube-forward")));
    cuts.addAll(dialog(robot, "YAML dialog", () -> robot.clickOn("#kube-yaml")));

    onFx(
        () -> {
          ListView<ResourceType> kinds = robot.lookup("#kube-kinds").query();
          kinds
              .getSelectionModel()
              .select(
                  kinds.getItems().stream()
                      .filter(k -> k.id().equals("deployments"))
                      .findFirst()
                      .orElseThrow());
          return null;
        });
    await("the deployment is listed")
        .atMost(PATIENCE)
        .until(() -> select(robot, "#kube-table", (ResourceRow row) -> row.name().equals("web")));
    cuts.addAll(page(robot, size, "Kubernetes, deployments"));
    cuts.addAll(dialog(robot, "Scale dialog", () -> robot.clickOn("#kube-scale")));

    onFx(
        () -> {
          ListView<ResourceType> kinds = robot.lookup("#kube-kinds").query();
          kinds
              .getSelectionModel()
              .select(
                  kinds.getItems().stream().filter(ResourceType::isPods).findFirst().orElseThrow());
          return null;
        });
    await("the pod is listed")
        .atMost(PATIENCE)
        .until(() -> select(robot, "#kube-table", (ResourceRow row) -> row.name().equals("web-1")));
    robot.clickOn("#kube-open");
    for (var tab : List.of("kube-pod-logs-tab", "kube-pod-events-tab", "kube-pod-yaml-tab")) {
      onFx(
          () -> {
            TabPane tabs = robot.lookup(".tab-pane").query();
            tabs.getSelectionModel()
                .select(
                    tabs.getTabs().stream()
                        .filter(t -> tab.equals(t.getId()))
                        .findFirst()
                        .orElseThrow());
            return null;
          });
      cuts.addAll(page(robot, size, "Pod details, " + tab));
    }
    robot.clickOn("#kube-pod-back");
    return cuts;
  }

  private void resize(int width, int height) {
    onFx(
        () -> {
          // Without a window manager (Xvfb) the window has no frame; with one, the frame is added
          // to the size.
          var scene = stage.getScene();
          stage.setWidth(width + (stage.getWidth() - scene.getWidth()));
          stage.setHeight(height + (stage.getHeight() - scene.getHeight()));
          return null;
        });
    await("the window is " + width + "x" + height)
        .atMost(PATIENCE)
        .until(
            () ->
                onFx(
                    () ->
                        Math.round(stage.getScene().getWidth()) == width
                            && Math.round(stage.getScene().getHeight()) == height));
  }

  /** What is cut in the main window now; also saves it as a picture. */
  private List<CutText.Cut> page(FxRobot robot, String size, String where) {
    WaitForAsyncUtils.waitForFxEvents();
    return onFx(
        () -> {
          screenshot(stage.getScene(), size + "-" + where);
          return CutText.in(stage.getScene(), where);
        });
  }

  /**
   * Opens a dialog with {@code open}, returns what is cut in it, and closes it again with Cancel or
   * Close.
   */
  private List<CutText.Cut> dialog(FxRobot robot, String where, Runnable open) {
    var before = onFx(() -> List.copyOf(Window.getWindows()));
    open.run();
    var dialog =
        await(where + " opens")
            .atMost(PATIENCE)
            .until(
                () ->
                    onFx(
                        () ->
                            Window.getWindows().stream()
                                .filter(
                                    w -> w instanceof Stage && w.isShowing() && !before.contains(w))
                                .findFirst()
                                .orElse(null)),
                Objects::nonNull);
    WaitForAsyncUtils.waitForFxEvents();
    var cuts =
        onFx(
            () -> {
              screenshot(dialog.getScene(), stage.getScene().getWidth() + "-" + where);
              return CutText.in(dialog.getScene(), where);
            });
    onFx(
        () -> {
          if (dialog.getScene().getRoot() instanceof DialogPane pane) {
            var types = pane.getButtonTypes();
            var leave =
                types.stream()
                    .filter(t -> t.getButtonData() == ButtonBar.ButtonData.CANCEL_CLOSE)
                    .findFirst()
                    .orElse(types.getFirst());
            ((Button) pane.lookupButton(leave)).fire();
          } else {
            dialog.hide();
          }
          return null;
        });
    await(where + " closes").atMost(PATIENCE).until(() -> onFx(() -> !dialog.isShowing()));
    return cuts;
  }

  private void selectContainer(FxRobot robot) {
    await("the container is selected")
        .atMost(PATIENCE)
        .until(
            () ->
                select(
                    robot,
                    "#containers-table",
                    (ContainerRow row) -> row.name().equals(container)));
  }

  private ContainerRow containerRow(FxRobot robot) {
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

  /**
   * Selects the first row of the table at {@code selector} that {@code which} accepts; false while
   * there is none.
   */
  private static <R> boolean select(FxRobot robot, String selector, Predicate<R> which) {
    return onFx(
        () ->
            robot
                .lookup(selector)
                .<TableView<R>>tryQuery()
                .flatMap(
                    table ->
                        table.getItems().stream()
                            .filter(which)
                            .findFirst()
                            .map(
                                row -> {
                                  table.getSelectionModel().clearSelection();
                                  table.getSelectionModel().select(row);
                                  table.requestFocus();
                                  return true;
                                }))
                .orElse(false));
  }

  private static void selectTab(FxRobot robot, String tabPane, String text) {
    onFx(
        () -> {
          TabPane tabs = robot.lookup(tabPane).query();
          Tab tab =
              tabs.getTabs().stream()
                  .filter(t -> t.getText().equals(text))
                  .findFirst()
                  .orElseThrow();
          tabs.getSelectionModel().select(tab);
          return null;
        });
  }

  /** Saves what {@code scene} shows as a PNG, for a person to look at the layout. */
  private static void screenshot(Scene scene, String name) {
    var image = scene.snapshot(null);
    var width = (int) image.getWidth();
    var height = (int) image.getHeight();
    var picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    var pixels = image.getPixelReader();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) picture.setRGB(x, y, pixels.getArgb(x, y));
    }
    try {
      Files.createDirectories(SCREENSHOTS);
      ImageIO.write(
          picture,
          "png",
          SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9.-]+", "-") + ".png").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void quietly(Runnable removal) {
    try {
      removal.run();
    } catch (NotFoundException alreadyGone) {
      // Nothing to clean up.
    }
  }
}
