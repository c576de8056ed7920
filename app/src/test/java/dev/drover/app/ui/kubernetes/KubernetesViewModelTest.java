package dev.drover.app.ui.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.KubeContext;
import dev.drover.kube.cluster.Kubeconfigs;
import dev.drover.kube.cluster.KubeletSocket;
import dev.drover.kube.cluster.MockCluster;
import dev.drover.kube.cluster.ResourceRow;
import dev.drover.kube.cluster.ResourceTypes;
import dev.drover.kube.cluster.forward.PortForwards;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes page's model against Fabric8's mock API server in CRUD mode, with a one-thread
 * "UI".
 */
class KubernetesViewModelTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path home;
  private MockCluster cluster;
  private MockCluster otherCluster;
  private KubernetesMockServer server;
  private KubernetesMockServer other;
  private KubernetesClient admin;
  private ExecutorService uiThread;
  private PortForwards forwards;
  private KubernetesViewModel model;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster();
    server = cluster.server;
    admin = cluster.client;
    // A second cluster to switch to: the mock stalls for a while after a watch on it closes.
    otherCluster = new MockCluster();
    other = otherCluster.server;
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    var config = home.resolve("config");
    Files.writeString(
        config,
        """
                apiVersion: v1
                kind: Config
                current-context: mock
                clusters:
                - {name: mock, cluster: {server: "%s"}}
                - {name: refused, cluster: {server: "http://127.0.0.1:1"}}
                - {name: other, cluster: {server: "%s"}}
                users:
                - {name: tester, user: {token: t}}
                contexts:
                - {name: mock, context: {cluster: mock, user: tester, namespace: shop}}
                - {name: refused, context: {cluster: refused, user: tester}}
                - {name: other, context: {cluster: other, user: tester, namespace: shop}}
                """
            .formatted(cluster.url(), otherCluster.url()));
    uiThread = Executors.newSingleThreadExecutor();
    var background =
        new Background(Executors.newVirtualThreadPerTaskExecutor(), this::onUiUnlessStopped);
    forwards = new PortForwards();
    model =
        onUi(
            () ->
                new KubernetesViewModel(
                    background,
                    new Kubeconfigs(List.of(config)),
                    ClusterConnection::open,
                    forwards));
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
    inUi(() -> model.close());
    forwards.close();
    uiThread.shutdown();
    cluster.close();
    otherCluster.close();
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

  private List<String> podNames() throws Exception {
    return onUi(() -> model.rows().stream().map(ResourceRow::name).sorted().toList());
  }

  @Test
  void theCurrentContextIsChosenAndItsPodsComeAndGo() throws Exception {
    inUi(() -> model.loadContexts());
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                onUi(
                    () ->
                        model.contextProperty().get() != null
                            ? model.contextProperty().get().name()
                            : ""),
            "mock"::equals);
    awaitConnectionText(model, "Connected to mock");
    assertThat(onUi(() -> model.namespaceProperty().get())).isEqualTo("shop");
    assertThat(
            onUi(
                () ->
                    model.contexts().stream()
                        .filter(KubeContext::current)
                        .map(KubeContext::name)
                        .toList()))
        .containsExactly("mock");

    admin.pods().inNamespace("shop").resource(pod("web-1")).create();
    admin.pods().inNamespace("shop").resource(pod("web-2")).create();
    await()
        .atMost(PATIENCE)
        .until(this::podNames, names -> names.equals(List.of("web-1", "web-2")));
    admin.pods().inNamespace("shop").withName("web-1").delete();
    await().atMost(PATIENCE).until(this::podNames, names -> names.equals(List.of("web-2")));
    await()
        .atMost(PATIENCE)
        .until(() -> onUi(() -> List.copyOf(model.namespaces())), ns -> ns.contains("shop"));

    inUi(() -> model.filterTextProperty().set("nothing-matches"));
    assertThat(onUi(() -> model.visibleRows().size())).isZero();
  }

  @Test
  void aFilterThatMatchesNoPodSaysSoRatherThanThatTheNamespaceIsEmpty() throws Exception {
    inUi(() -> model.loadContexts());
    awaitConnectionText(model, "Connected to mock");
    admin.pods().inNamespace("shop").resource(pod("web-1")).create();
    await().atMost(PATIENCE).until(this::podNames, names -> names.equals(List.of("web-1")));

    inUi(() -> model.filterTextProperty().set(" nothing-matches "));

    assertThat(onUi(() -> model.visibleRows().size())).isZero();
    assertThat(onUi(() -> model.placeholderProperty().get()))
        .isEqualTo("No Pods match “nothing-matches”. Clear the filter to see them all.");
    inUi(() -> model.filterTextProperty().set(""));
    admin.pods().inNamespace("shop").withName("web-1").delete();
    await().atMost(PATIENCE).until(this::podNames, List::isEmpty);
    assertThat(onUi(() -> model.placeholderProperty().get()))
        .isEqualTo("No Pods in namespace shop.");
  }

  @Test
  void thePodsAreAskedForWhileTheUiThreadIsStillBuildingThePage() throws Exception {
    admin.pods().inNamespace("shop").resource(pod("web-1")).create();
    var pageBuilt = new CountDownLatch(1);
    uiThread.submit(
        () -> {
          model.loadContexts();
          pageBuilt
              .await(); // the rest of the page is being built: the UI thread takes nothing else
          // meanwhile
          return null;
        });
    try {
      await().atMost(PATIENCE).until(this::podsListRequested);
    } finally {
      pageBuilt.countDown();
    }
    await().atMost(PATIENCE).until(this::podNames, names -> names.equals(List.of("web-1")));
    assertThat(onUi(() -> model.namespaceProperty().get())).isEqualTo("shop");
  }

  /**
   * Whether the mock has received the list request of the shop namespace's pods (since the last
   * call).
   */
  private boolean podsListRequested() throws InterruptedException {
    for (RecordedRequest request;
        (request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null; ) {
      if (request.getMethod().equals("GET")
          && request.getPath().startsWith("/api/v1/namespaces/shop/pods")
          && !request.getPath().contains("watch=true")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void anUnreachableContextSaysWhyAndSwitchingOnWorks() throws Exception {
    inUi(() -> model.loadContexts());
    await().atMost(PATIENCE).until(() -> onUi(() -> model.contexts().size()), n -> n == 3);
    try (var otherAdmin = other.createClient()) {
      otherAdmin.pods().inNamespace("shop").resource(pod("web-1")).create();
    }
    // The cluster's answer can only land on the FX thread after this block: if switching waited
    // for the cluster, the text read here would already be its outcome.
    var textRightAfterSwitching =
        onUi(
            () -> {
              model.contextProperty().set(model.contexts().get(1));
              return model.connectionTextProperty().get();
            });
    assertThat(textRightAfterSwitching)
        .as("switching does not wait for the cluster")
        .startsWith("Connecting to ");
    await()
        .atMost(PATIENCE)
        .until(
            () -> onUi(() -> model.connectionTextProperty().get()),
            t -> t.contains("connection refused"));
    assertThat(onUi(() -> model.unreachableProperty().get())).isTrue();

    inUi(() -> model.contextProperty().set(model.contexts().get(2)));
    await().atMost(PATIENCE).until(this::podNames, names -> names.equals(List.of("web-1")));
    assertThat(onUi(() -> model.unreachableProperty().get())).isFalse();
  }

  @Test
  void theTraysContextSwitchMovesThePageToTheChosenContextEachTime() throws Exception {
    inUi(() -> model.loadContexts());
    awaitConnectionText(model, "Connected to mock");

    inUi(() -> model.useContext("refused"));
    await()
        .atMost(PATIENCE)
        .until(() -> onUi(() -> model.contextProperty().get().name()), "refused"::equals);
    await()
        .atMost(PATIENCE)
        .until(
            () -> onUi(() -> model.connectionTextProperty().get()),
            t -> t.contains("connection refused"));

    // On to the second mock cluster rather than back to the first: Fabric8's mock server stalls for
    // a long
    // while after a watch closes, which timed this test out under load.
    inUi(() -> model.useContext("other"));
    awaitConnectionText(model, "Connected to other");
    assertThat(onUi(() -> model.contextProperty().get().name())).isEqualTo("other");
  }

  @Test
  void scaleAndDeleteReachTheServer() throws Exception {
    admin
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
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
                .withImage("web:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    onUi(
        () -> {
          model.loadContexts();
          model.kindProperty().set(ResourceTypes.DEPLOYMENTS);
          return null;
        });
    await().atMost(PATIENCE).until(this::podNames, names -> names.equals(List.of("web")));
    var row = onUi(() -> model.rows().getFirst());
    assertThat(row.replicas()).isEqualTo(1);

    inUi(() -> model.scale(row, 3));
    await()
        .atMost(PATIENCE)
        .until(
            () -> onUi(() -> model.rows().isEmpty() ? -1 : model.rows().getFirst().replicas()),
            n -> n == 3);
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);

    inUi(() -> model.delete(List.of(model.rows().getFirst())));
    await().atMost(PATIENCE).until(this::podNames, List::isEmpty);
    assertThat(admin.apps().deployments().inNamespace("shop").withName("web").get()).isNull();
  }

  @Test
  void refusedYamlKeepsTheEditAndShowsTheServersWords() throws Exception {
    admin
        .configMaps()
        .inNamespace("shop")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace("shop")
                .endMetadata()
                .addToData("mode", "slow")
                .build())
        .create();
    var contexts = new Kubeconfigs(List.of(home.resolve("config"))).contexts();
    try (var connection = ClusterConnection.open(contexts.getFirst())) {
      var background =
          new Background(Executors.newVirtualThreadPerTaskExecutor(), this::onUiUnlessStopped);
      var yaml =
          onUi(
              () ->
                  new YamlViewModel(
                      background, connection, ResourceTypes.CONFIG_MAPS, "shop", "settings"));
      inUi(() -> yaml.load());
      await()
          .atMost(PATIENCE)
          .until(() -> onUi(() -> yaml.textProperty().get()), t -> t.contains("mode: \"slow\""));

      onUi(
          () -> {
            yaml.textProperty()
                .set(yaml.textProperty().get().replace("mode: \"slow\"", "mode: \"fast\""));
            yaml.apply();
            return null;
          });
      await()
          .atMost(PATIENCE)
          .until(() -> onUi(() -> yaml.statusProperty().get()), t -> t.startsWith("Applied"));
      assertThat(admin.configMaps().inNamespace("shop").withName("settings").get().getData())
          .containsEntry("mode", "fast");

      server
          .expect()
          .put()
          .withPath("/api/v1/namespaces/shop/configmaps/settings")
          .andReturn(
              422,
              new StatusBuilder()
                  .withCode(422)
                  .withStatus("Failure")
                  .withReason("Invalid")
                  .withMessage("ConfigMap \"settings\" is invalid")
                  .withNewDetails()
                  .addNewCause()
                  .withField("data[bad key]")
                  .withMessage("a valid config key must consist of alphanumeric characters")
                  .endCause()
                  .endDetails()
                  .build())
          .always();
      onUi(
          () -> {
            yaml.textProperty().set(yaml.textProperty().get().replace("mode:", "bad key:"));
            yaml.apply();
            return null;
          });
      await()
          .atMost(PATIENCE)
          .until(
              () -> onUi(() -> yaml.errorProperty().get()),
              e -> e.contains("data[bad key]: a valid config key"));
      assertThat(onUi(() -> yaml.textProperty().get())).as("the edit is kept").contains("bad key:");
    }
  }

  @Test
  void aPortForwardKeepsWorkingWhileThePageShowsAnotherContext() throws Exception {
    admin.pods().inNamespace("shop").resource(pod("web-1")).create();
    var reply = "HTTP/1.0 200 OK\r\n\r\nhello from web-1";
    // The kubelet's side of the port-forward protocol: the port on both channels, then the reply on
    // channel 0.
    cluster.serveSocket(
        "/api/v1/namespaces/shop/pods/web-1/portforward?ports=8080",
        new KubeletSocket()
            .sendsOnOpen(KubeletSocket.portFrame(0, 8080), KubeletSocket.portFrame(1, 8080))
            .answers("\u0000" + FETCH, KubeletSocket.frame(0, reply)));
    inUi(() -> model.loadContexts());
    await().atMost(PATIENCE).until(this::podNames, names -> names.equals(List.of("web-1")));
    inUi(() -> model.startForward(model.rows().getFirst(), 8080, 0));
    await().atMost(PATIENCE).until(() -> onUi(() -> model.activeForwards().size()), n -> n == 1);
    var forward = onUi(() -> model.activeForwards().getFirst());

    inUi(() -> model.useContext("refused"));
    await()
        .atMost(PATIENCE)
        .until(
            () -> onUi(() -> model.connectionTextProperty().get()),
            t -> t.contains("connection refused"));

    assertThat(fetch(forward.localPort())).endsWith("hello from web-1");
    assertThat(
            onUi(
                () -> model.activeForwards().stream().map(PortForwards.Forward::describe).toList()))
        .containsExactly("127.0.0.1:" + forward.localPort() + " → pod/shop/web-1:8080 in mock");
    inUi(() -> model.stopForward(forward));
    await().atMost(PATIENCE).until(() -> onUi(() -> model.activeForwards().size()), n -> n == 0);
  }

  @Test
  void aClosedPageNoLongerFollowsThePortForwards() throws Exception {
    admin.pods().inNamespace("shop").resource(pod("web-1")).create();
    onUi(
        () -> {
          model.close();
          return null;
        });
    try (var connection =
        ClusterConnection.open(
            new Kubeconfigs(List.of(home.resolve("config"))).contexts().getFirst())) {
      forwards.start(
          connection,
          new PortForwards.Target(PortForwards.TargetKind.POD, "shop", "web-1"),
          8080,
          0);
      assertThat(forwards.active()).hasSize(1);
      // what the page would have heard is queued on the UI thread before this read
      assertThat(onUi(() -> List.copyOf(model.activeForwards()))).isEmpty();
    }
  }

  private static final String FETCH = "GET / HTTP/1.0\r\n\r\n";

  private static String fetch(int localPort) throws Exception {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), localPort)) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(FETCH.getBytes(StandardCharsets.US_ASCII));
      var received = new StringBuilder();
      var in = socket.getInputStream();
      var buffer = new byte[4096];
      for (int n; !received.toString().endsWith("web-1") && (n = in.read(buffer)) > 0; ) {
        received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
      return received.toString();
    }
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .addToLabels("app", "web")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("web:1")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .endStatus()
        .build();
  }
}
