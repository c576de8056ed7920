package dev.drover.app.ui.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.KubeContext;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.cluster.MockCluster;
import dev.drover.kube.cluster.forward.PortForwards;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which context the Kubernetes page opens, and when it reads the kubeconfig: against Fabric8's mock
 * API server, with real kubeconfig files and a real {@code exec} login program that leaves a mark
 * each time it runs.
 */
class KubernetesContextsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path home;
  private MockCluster cluster;
  private ExecutorService uiThread;
  private PortForwards forwards;
  private final List<KubernetesViewModel> models = new ArrayList<>();
  private Path plugin;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster();
    for (var namespace : List.of("shop", "tools")) {
      cluster
          .client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    // A credential program as cloud CLIs ship them: it prints an ExecCredential; here it also
    // leaves a mark.
    plugin = home.resolve("login-plugin.sh");
    Files.writeString(
        plugin,
        """
                #!/bin/sh
                echo ran >> "%s/ran-$1"
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-'$1'"}}'
                """
            .formatted(home));
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
    uiThread = Executors.newSingleThreadExecutor();
    forwards = new PortForwards();
  }

  /**
   * Hands a background result to the UI thread; one that arrives after the test has stopped that
   * thread is dropped (the app's FX thread outlives its pages, this test's UI thread does not).
   */
  private void onUiUnlessStopped(Runnable task) {
    try {
      uiThread.execute(task);
    } catch (RejectedExecutionException afterTheTest) {
      if (!uiThread.isShutdown()) throw afterTheTest;
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (var model : models) {
      inUi(() -> model.close());
    }
    forwards.close();
    uiThread.shutdown();
    cluster.close();
  }

  private KubernetesViewModel model(Kubeconfigs kubeconfigs) throws Exception {
    var background =
        new Background(Executors.newVirtualThreadPerTaskExecutor(), this::onUiUnlessStopped);
    var model =
        onUi(
            () ->
                new KubernetesViewModel(
                    background, kubeconfigs, ClusterConnection::open, forwards));
    models.add(model);
    return model;
  }

  private <T> T onUi(Callable<T> read) throws Exception {
    return uiThread.submit(read).get();
  }

  private void inUi(Runnable action) throws Exception {
    onUi(
        () -> {
          action.run();
          return null;
        });
  }

  /** Waits until {@code model}'s connection line starts with {@code prefix}. */
  private void awaitConnectionText(KubernetesViewModel model, String prefix) {
    await()
        .atMost(PATIENCE)
        .until(() -> onUi(() -> model.connectionTextProperty().get()), t -> t.startsWith(prefix));
  }

  private String url() {
    return cluster.url();
  }

  /**
   * Two contexts on the mock server whose users log in through the plugin, and {@code current} (may
   * be null).
   */
  private String twoLoginContexts(String current) {
    return """
                apiVersion: v1
                kind: Config
                %s
                clusters:
                - {name: mock, cluster: {server: "%s"}}
                users:
                - name: alpha-user
                  user:
                    exec: {apiVersion: client.authentication.k8s.io/v1, command: "%s", args: [alpha], interactiveMode: Never}
                - name: beta-user
                  user:
                    exec: {apiVersion: client.authentication.k8s.io/v1, command: "%s", args: [beta], interactiveMode: Never}
                contexts:
                - {name: alpha, context: {cluster: mock, user: alpha-user, namespace: shop}}
                - {name: beta, context: {cluster: mock, user: beta-user, namespace: shop}}
                """
        .formatted(current == null ? "" : "current-context: " + current, url(), plugin, plugin);
  }

  private List<String> contextNames(KubernetesViewModel model) throws Exception {
    return onUi(() -> model.contexts().stream().map(KubeContext::name).toList());
  }

  private String chosen(KubernetesViewModel model) throws Exception {
    return onUi(
        () -> model.contextProperty().get() == null ? null : model.contextProperty().get().name());
  }

  @Test
  void withoutACurrentContextNothingIsOpenedAndNoLoginProgramRunsUntilTheUserPicks()
      throws Exception {
    var config = home.resolve("config");
    Files.writeString(config, twoLoginContexts(null));
    var model = model(new Kubeconfigs(List.of(config)));

    inUi(() -> model.loadContexts());
    await()
        .atMost(PATIENCE)
        .until(() -> contextNames(model), names -> names.equals(List.of("alpha", "beta")));
    await()
        .atMost(PATIENCE)
        .until(() -> onUi(() -> model.connectionTextProperty().get()), t -> !t.isEmpty());
    assertThat(chosen(model)).as("no context is chosen for the user").isNull();
    assertThat(onUi(() -> model.connection())).isNull();
    assertThat(onUi(() -> model.connectionTextProperty().get()))
        .contains("no current context")
        .contains("choose one in Context");
    assertThat(onUi(() -> model.unreachableProperty().get())).isFalse();
    assertThat(onUi(() -> model.placeholderProperty().get()))
        .isEqualTo("Choose a context to see its cluster.");
    // Reading the file again (as following it does) still opens nothing.
    inUi(() -> model.loadContexts());
    await().atMost(PATIENCE).until(() -> contextNames(model), names -> names.size() == 2);
    assertThat(chosen(model)).isNull();
    assertThat(home.resolve("ran-alpha")).as("alpha's login program never ran").doesNotExist();
    assertThat(home.resolve("ran-beta")).as("beta's login program never ran").doesNotExist();

    inUi(() -> model.contextProperty().set(model.contexts().get(1)));
    awaitConnectionText(model, "Connected to beta");
    assertThat(home.resolve("ran-beta")).as("the picked context logs in").exists();
    assertThat(home.resolve("ran-alpha"))
        .as("the other context's program still never ran")
        .doesNotExist();
  }

  @Test
  void aContextAddedToTheFileAppearsWithoutARestartAndTheChosenOneStays() throws Exception {
    var config = home.resolve("config");
    Files.writeString(config, tokenContexts("mock", List.of("mock")));
    var model = model(new Kubeconfigs(List.of(config)));
    inUi(() -> model.loadContexts());
    awaitConnectionText(model, "Connected to mock");

    // kubectl config set-context writes the file in place.
    Files.writeString(config, tokenContexts("mock", List.of("mock", "written")));
    await("a context written in place appears")
        .atMost(PATIENCE)
        .until(() -> contextNames(model), names -> names.contains("written"));

    // Other tools write a temporary file and rename it over the kubeconfig.
    var temporary = home.resolve(".config.tmp");
    Files.writeString(temporary, tokenContexts("renamed", List.of("mock", "written", "renamed")));
    Files.move(
        temporary, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await("a context renamed into place appears")
        .atMost(PATIENCE)
        .until(() -> contextNames(model), names -> names.contains("renamed"));
    assertThat(chosen(model))
        .as("the context shown stays, though another became current")
        .isEqualTo("mock");
    assertThat(
            onUi(
                () ->
                    model.contexts().stream()
                        .filter(KubeContext::current)
                        .map(KubeContext::name)
                        .toList()))
        .containsExactly("renamed");
    assertThat(onUi(() -> model.connectionTextProperty().get())).startsWith("Connected to mock");

    // The context shown is removed: the page follows kubectl's current one.
    Files.writeString(config, tokenContexts("renamed", List.of("written", "renamed")));
    await("the removed context goes")
        .atMost(PATIENCE)
        .until(() -> contextNames(model), names -> !names.contains("mock"));
    await().atMost(PATIENCE).until(() -> chosen(model), "renamed"::equals);
  }

  @Test
  void aKubeconfigFileThatAppearsLaterCounts() throws Exception {
    // KUBECONFIG names a second file, in a folder that does not exist yet.
    var first = home.resolve("config");
    Files.writeString(first, tokenContexts("mock", List.of("mock")));
    var later = home.resolve("later").resolve("team").resolve("config");
    var model = model(new Kubeconfigs(List.of(first, later)));
    inUi(() -> model.loadContexts());
    await()
        .atMost(PATIENCE)
        .until(() -> contextNames(model), names -> names.equals(List.of("mock")));

    Files.createDirectories(later.getParent());
    Files.writeString(later, tokenContexts(null, List.of("team")));
    await("the new file's context appears")
        .atMost(PATIENCE)
        .until(() -> contextNames(model), names -> names.equals(List.of("mock", "team")));
    assertThat(chosen(model)).isEqualTo("mock");
  }

  @Test
  void checkingTheClusterAgainKeepsTheChosenNamespace() throws Exception {
    var config = home.resolve("config");
    Files.writeString(config, tokenContexts("mock", List.of("mock")));
    var model = model(new Kubeconfigs(List.of(config)));
    inUi(() -> model.loadContexts());
    awaitConnectionText(model, "Connected to mock");
    await()
        .atMost(PATIENCE)
        .until(() -> onUi(() -> List.copyOf(model.namespaces())), ns -> ns.contains("tools"));
    inUi(() -> model.namespaceProperty().set("tools"));
    var offered = new ArrayList<List<String>>();
    onUi(
        () -> {
          model
              .namespaces()
              .addListener(
                  (ListChangeListener<String>) c -> offered.add(List.copyOf(model.namespaces())));
          model.reconnect();
          return null;
        });
    awaitConnectionText(model, "Connected to mock");
    await()
        .atMost(PATIENCE)
        .until(() -> onUi(() -> List.copyOf(model.namespaces())), ns -> ns.contains("shop"));
    assertThat(onUi(() -> model.namespaceProperty().get())).isEqualTo("tools");
    assertThat(onUi(() -> List.copyOf(offered)))
        .as("the chooser never loses the chosen namespace")
        .allSatisfy(list -> assertThat(list).contains("tools"));
  }

  @Test
  void withoutContextsThePageNamesTheKubeconfigPathsAsAUserWritesThem() throws Exception {
    var one = home.resolve("missing");
    var model = model(new Kubeconfigs(List.of(one)));
    inUi(() -> model.loadContexts());
    await()
        .atMost(PATIENCE)
        .until(() -> onUi(() -> model.connectionTextProperty().get()), t -> !t.isEmpty());
    assertThat(onUi(() -> model.connectionTextProperty().get()))
        .startsWith("No Kubernetes contexts in " + one + ". ")
        .doesNotContain("[");

    var two = List.of(home.resolve("a"), home.resolve("b"));
    var listed = model(new Kubeconfigs(two));
    inUi(() -> listed.loadContexts());
    await()
        .atMost(PATIENCE)
        .until(() -> onUi(() -> listed.connectionTextProperty().get()), t -> !t.isEmpty());
    assertThat(onUi(() -> listed.connectionTextProperty().get()))
        .startsWith(
            "No Kubernetes contexts in " + two.get(0) + File.pathSeparator + two.get(1) + ". ");
  }

  /**
   * Contexts named {@code names} on the mock server with a token user, {@code current} (may be
   * null) current.
   */
  private String tokenContexts(String current, List<String> names) {
    var text =
        new StringBuilder(
            """
                apiVersion: v1
                kind: Config
                %s
                clusters:
                - {name: mock, cluster: {server: "%s"}}
                users:
                - {name: tester, user: {token: t}}
                contexts:
                """
                .formatted(current == null ? "" : "current-context: " + current, url()));
    for (var name : names)
      text.append("- {name: ")
          .append(name)
          .append(", context: {cluster: mock, user: tester, namespace: shop}}\n");
    return text.toString();
  }
}
