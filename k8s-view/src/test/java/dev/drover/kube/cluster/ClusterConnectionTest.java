package dev.drover.kube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster service against Fabric8's mock API server in CRUD mode. */
class ClusterConnectionTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path home;
  private MockCluster cluster;
  private ClusterConnection connection;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster();
    var contexts = new Kubeconfigs(List.of(cluster.kubeconfig(home))).contexts();
    connection = ClusterConnection.open(contexts.getFirst());
  }

  @AfterEach
  void stop() {
    connection.close();
    cluster.close();
  }

  @Test
  void contextsAreReadWithTheCurrentOneMarked() throws Exception {
    var contexts =
        new Kubeconfigs(List.of(home.resolve("missing"), cluster.kubeconfig(home))).contexts();
    assertThat(contexts)
        .extracting(KubeContext::name)
        .containsExactly("mock", "refused", "nowhere");
    assertThat(contexts)
        .filteredOn(KubeContext::current)
        .extracting(KubeContext::name)
        .containsExactly("mock");
    assertThat(contexts.getFirst().namespace()).isEqualTo("shop");
    assertThat(contexts.getFirst().label()).isEqualTo("mock  (current)");
  }

  @Test
  void damagedKubeconfigIsNamedInTheError() throws Exception {
    var damaged = Files.writeString(home.resolve("damaged"), "apiVersion: v1\nclusters: [ {\n");

    assertThatThrownBy(() -> new Kubeconfigs(List.of(damaged)).contexts())
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("The kubeconfig file " + damaged + " cannot be read: ")
        .hasMessageEndingWith(". Fix or remove it, then reload the contexts.");
  }

  @Test
  void contextIsOpenedAsItsKubeconfigDescribesIt() throws Exception {
    var folder = Files.createDirectories(home.resolve("clusters"));
    var file =
        Files.writeString(
            folder.resolve("config"),
            """
            apiVersion: v1
            kind: Config
            clusters:
            - name: plain
              cluster:
                server: https://127.0.0.1:1
            - name: side
              cluster:
                server: https://127.0.0.1:2
                certificate-authority: ca.crt
            users:
            - name: tokened
              user:
                token: t0ken
            contexts:
            - name: plain
              context: {cluster: plain, user: tokened, namespace: blue}
            - name: side
              context: {cluster: side, user: tokened}
            current-context: side
            """);
    var contexts = new Kubeconfigs(List.of(file)).contexts();

    try (var plain = ClusterConnection.open(contexts.getFirst())) {
      var config = plain.client().getConfiguration();
      assertThat(config.getAutoOAuthToken()).isEqualTo("t0ken");
      assertThat(config.getNamespace()).isEqualTo("blue");
      assertThat(plain.server()).isEqualTo("https://127.0.0.1:1/");
    }
    // A relative file name is read beside the kubeconfig, as kubectl reads it.
    assertThatThrownBy(() -> ClusterConnection.open(contexts.get(1)).close())
        .rootCause()
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(folder.resolve("ca.crt").toString());
  }

  @Test
  void kubeconfigListComesFromTheEnvironmentOrTheHomeFolder() {
    assertThat(
            Kubeconfigs.locate(Map.of("KUBECONFIG", "/a/one" + File.pathSeparator + "/b/two"), home)
                .files())
        .containsExactly(Path.of("/a/one"), Path.of("/b/two"));
    assertThat(Kubeconfigs.locate(Map.of(), home).files())
        .containsExactly(home.resolve(".kube/config"));
  }

  @Test
  void unreachableClustersAreClassified() throws Exception {
    var contexts = new Kubeconfigs(List.of(cluster.kubeconfig(home))).contexts();
    try (var refused = ClusterConnection.open(contexts.get(1));
        var nowhere = ClusterConnection.open(contexts.get(2))) {
      assertThatThrownBy(refused::check)
          .isInstanceOf(ClusterException.class)
          .hasMessageContaining("connection refused")
          .hasMessageContaining("127.0.0.1:1");
      assertThatThrownBy(nowhere::check)
          .isInstanceOf(ClusterException.class)
          .hasMessageContaining("cannot be resolved (DNS)");
    }
    assertThat(connection.check()).isNotBlank();
  }

  @Test
  void unauthorizedAndTlsFailuresAreNamed() {
    var unauthorized = new KubernetesClientException("Unauthorized", 401, null);
    assertThat(ClusterProblem.of(unauthorized, "https://k8s:6443").kind())
        .isEqualTo(ClusterProblem.Kind.UNAUTHORIZED);
    var tls = new RuntimeException(new SSLHandshakeException("PKIX path building failed"));
    assertThat(ClusterProblem.of(tls, "https://k8s:6443").message())
        .contains("TLS handshake")
        .contains("PKIX");
  }

  @Test
  void podsTableFollowsCreateModifyAndDelete() throws Exception {
    var rows = new ConcurrentHashMap<String, ResourceRow>();
    var changes = new CopyOnWriteArrayList<ResourceChange>();
    try (var watch =
        connection.watch(
            ResourceTypes.PODS,
            "shop",
            change -> {
              changes.add(change);
              switch (change) {
                case ResourceChange.Upsert u -> rows.put(u.row().uid(), u.row());
                case ResourceChange.Removed r -> rows.remove(r.uid());
                case ResourceChange.Listed l -> l.rows().forEach(row -> rows.put(row.uid(), row));
                default -> {}
              }
            })) {
      await()
          .atMost(PATIENCE)
          .until(() -> changes.stream().anyMatch(c -> c instanceof ResourceChange.Listed));
      cluster
          .client
          .pods()
          .inNamespace("shop")
          .resource(MockCluster.pod("shop", "web-1", "Pending", Map.of("app", "web")))
          .create();
      cluster
          .client
          .pods()
          .inNamespace("other")
          .resource(MockCluster.pod("other", "elsewhere", "Running", Map.of()))
          .create();
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  rows.values().stream()
                      .anyMatch(r -> r.name().equals("web-1") && r.status().equals("Pending")));

      cluster
          .client
          .pods()
          .inNamespace("shop")
          .withName("web-1")
          .edit(
              p -> {
                p.getStatus().setPhase("Running");
                p.getStatus().getContainerStatuses().getFirst().setReady(true);
                p.getStatus().getContainerStatuses().getFirst().setRestartCount(3);
                return p;
              });
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  rows.values().stream()
                      .anyMatch(
                          r ->
                              r.name().equals("web-1")
                                  && r.status().equals("Running")
                                  && r.ready().equals("1/1")
                                  && r.restarts() == 3
                                  && r.tone() == ResourceRow.Tone.GOOD));

      cluster.client.pods().inNamespace("shop").withName("web-1").delete();
      await().atMost(PATIENCE).until(rows::isEmpty);
      assertThat(changes)
          .noneMatch(
              c -> c instanceof ResourceChange.Upsert u && u.row().name().equals("elsewhere"));
    }
  }

  @Test
  void allNamespacesShowsEveryNamespace() throws Exception {
    cluster
        .client
        .pods()
        .inNamespace("shop")
        .resource(MockCluster.pod("shop", "a", "Running", Map.of()))
        .create();
    cluster
        .client
        .pods()
        .inNamespace("other")
        .resource(MockCluster.pod("other", "b", "Running", Map.of()))
        .create();
    var names = ConcurrentHashMap.<String>newKeySet();
    try (var watch =
        connection.watch(
            ResourceTypes.PODS,
            null,
            change -> {
              if (change instanceof ResourceChange.Upsert u) names.add(u.row().key());
              if (change instanceof ResourceChange.Listed l)
                l.rows().forEach(row -> names.add(row.key()));
            })) {
      await().atMost(PATIENCE).until(() -> names.containsAll(List.of("shop/a", "other/b")));
    }
  }

  @Test
  void firstListArrivesWholeInNamespaceThenNameOrder() throws Exception {
    // Created out of order, in two namespaces: the table's first answer is one change, already in
    // kubectl's order.
    for (var key :
        List.of(
            "shop/web-3", "other/zeta", "shop/api-1", "other/alpha", "shop/web-10", "shop/web-2")) {
      var namespace = key.substring(0, key.indexOf('/'));
      cluster
          .client
          .pods()
          .inNamespace(namespace)
          .resource(
              MockCluster.pod(namespace, key.substring(key.indexOf('/') + 1), "Running", Map.of()))
          .create();
    }
    var listed = new CopyOnWriteArrayList<ResourceChange.Listed>();
    try (var watch =
        connection.watch(
            ResourceTypes.PODS,
            null,
            change -> {
              if (change instanceof ResourceChange.Listed l) listed.add(l);
            })) {
      await().atMost(PATIENCE).until(() -> !listed.isEmpty());
      assertThat(listed.getFirst().rows())
          .extracting(ResourceRow::key)
          .containsExactly(
              "other/alpha", "other/zeta", "shop/api-1", "shop/web-10", "shop/web-2", "shop/web-3");
    }
  }

  @Test
  void scaleAndDeleteActOnTheServer() {
    cluster
        .client
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
                .withImage("shop/web:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    connection.scale(ResourceTypes.DEPLOYMENTS, "shop", "web", 4);
    assertThat(
            cluster
                .client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(4);

    connection.rolloutRestart(ResourceTypes.DEPLOYMENTS, "shop", "web");
    assertThat(
            cluster
                .client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsKey("kubectl.kubernetes.io/restartedAt");

    connection.delete(ResourceTypes.DEPLOYMENTS, "shop", "web");
    assertThat(cluster.client.apps().deployments().inNamespace("shop").withName("web").get())
        .isNull();
  }

  @Test
  void editedYamlIsAppliedAndBadYamlIsExplained() {
    cluster
        .client
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
    var yaml = connection.yaml(ResourceTypes.CONFIG_MAPS, "shop", "settings");
    assertThat(yaml).contains("mode: \"slow\"").doesNotContain("managedFields");

    connection.apply(yaml.replace("mode: \"slow\"", "mode: \"fast\""));
    assertThat(cluster.client.configMaps().inNamespace("shop").withName("settings").get().getData())
        .containsEntry("mode", "fast");

    assertThatThrownBy(() -> connection.apply("kind: ConfigMap\n  metadata: ["))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("The YAML cannot be read");
  }

  @Test
  void secretValuesAreHiddenUntilAskedFor() {
    cluster
        .client
        .secrets()
        .inNamespace("shop")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("shop")
                .endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString("hunter2".getBytes()))
                .build())
        .create();
    assertThat(connection.yaml(ResourceTypes.SECRETS, "shop", "db"))
        .contains("password: \"<hidden>\"")
        .doesNotContain("aHVudGVyMg");
    assertThat(connection.secretValues("shop", "db")).containsEntry("password", "hunter2");
  }
}
