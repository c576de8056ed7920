package dev.drover.tests.kubernetes;

import static dev.drover.tests.support.Fx.PATIENCE;
import static dev.drover.tests.support.Fx.awaitText;
import static dev.drover.tests.support.Fx.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.Drover;
import dev.drover.bench.KubeMock;
import dev.drover.kube.cluster.KubeContext;
import dev.drover.tests.support.Fx;
import dev.drover.tests.support.RealParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.skin.ComboBoxListViewSkin;
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
 * The Kubernetes page in the real window with a kubeconfig as users have them: no current context,
 * users that log in through an {@code exec} program (one that leaves a mark when it runs), and
 * contexts added while Drover runs. The clusters are Fabric8's mock API servers.
 */
@ExtendWith(ApplicationExtension.class)
class KubeconfigWindowKubeIT {

  @TempDir Path configHome;
  private KubeMock shop;
  private KubeMock staging;
  private Path kubeconfig;
  private Path login;
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
    login = configHome.resolve("login.sh");
    Files.writeString(
        login,
        """
                #!/bin/sh
                echo ran >> "%s/ran-$1"
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'
                """
            .formatted(configHome));
    Files.setPosixFilePermissions(login, PosixFilePermissions.fromString("rwx------"));
    kubeconfig = Files.createDirectories(configHome.resolve(".kube")).resolve("config");
    Files.writeString(kubeconfig, kubeconfig(List.of("shop", "staging")));
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

  /**
   * The contexts {@code names} (each on its own mock, "added" on shop's), no current context, exec
   * logins.
   */
  private String kubeconfig(List<String> names) {
    var text = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    for (var name : names) {
      text.append("- name: ")
          .append(name)
          .append("\n  cluster:\n    server: \"")
          .append(name.equals("staging") ? staging.url() : shop.url())
          .append("\"\n");
    }
    text.append("users:\n");
    for (var name : names) {
      text.append("- name: ")
          .append(name)
          .append("\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: \"")
          .append(login)
          .append("\", args: [")
          .append(name)
          .append("], interactiveMode: Never}\n");
    }
    text.append("contexts:\n");
    for (var name : names) {
      text.append("- name: ")
          .append(name)
          .append("\n  context: {cluster: ")
          .append(name)
          .append(", user: ")
          .append(name)
          .append(", namespace: shop}\n");
    }
    return text.toString();
  }

  @SuppressWarnings("unchecked")
  private static ComboBox<KubeContext> contextChooser(FxRobot robot) {
    return robot.lookup("#kube-context").queryAs(ComboBox.class);
  }

  private static List<String> offered(FxRobot robot) {
    return onFx(() -> contextChooser(robot).getItems().stream().map(KubeContext::name).toList());
  }

  @Test
  void withoutACurrentContextThePageAsksForOneAndRunsOnlyThePickedOnesLogin(FxRobot robot) {
    robot.clickOn("#nav-kubernetes");
    awaitText(
        robot,
        "#kube-status",
        t -> t.contains("no current context"),
        "the page says no context is current");
    assertThat(offered(robot)).containsExactly("shop", "staging");
    assertThat(
            onFx(
                () ->
                    ((Labeled)
                            ((ComboBoxListViewSkin<?>) contextChooser(robot).getSkin())
                                .getDisplayNode())
                        .getText()))
        .as("the chooser asks for a context")
        .isEqualTo("Choose a context");
    assertThat(onFx(() -> robot.lookup("#kube-placeholder").queryAs(Labeled.class).getText()))
        .isEqualTo("Choose a context to see its cluster.");
    assertThat(configHome.resolve("ran-shop")).as("no login program ran").doesNotExist();
    assertThat(configHome.resolve("ran-staging")).doesNotExist();

    robot.clickOn("#kube-context");
    robot.clickOn(
        (Node n) ->
            n instanceof ListCell<?> cell
                && cell.getItem() instanceof KubeContext c
                && c.name().equals("staging")
                && n.isVisible());
    awaitText(
        robot,
        "#kube-status",
        t -> t.startsWith("Connected to staging"),
        "the picked context is connected");
    assertThat(configHome.resolve("ran-staging")).as("the picked context logged in").exists();
    assertThat(configHome.resolve("ran-shop"))
        .as("the other context's login never ran")
        .doesNotExist();
  }

  @Test
  void aContextAddedWhileDroverRunsIsOffered(FxRobot robot) throws Exception {
    robot.clickOn("#nav-kubernetes");
    await()
        .atMost(PATIENCE)
        .until(() -> offered(robot), names -> names.equals(List.of("shop", "staging")));

    // Written as kubectl's libraries and editors do it: a temporary file renamed over the
    // kubeconfig.
    var temporary = kubeconfig.resolveSibling(".config.tmp");
    Files.writeString(temporary, kubeconfig(List.of("shop", "staging", "added")));
    Files.move(
        temporary, kubeconfig, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

    await("the new context is offered without a restart")
        .atMost(PATIENCE)
        .until(() -> offered(robot), names -> names.equals(List.of("shop", "staging", "added")));
    assertThat(onFx(() -> contextChooser(robot).getValue()))
        .as("still nothing chosen for the user")
        .isNull();
    assertThat(configHome.resolve("ran-added")).doesNotExist();
  }
}
