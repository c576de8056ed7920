package dev.drover.kube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.kube.cluster.helm.HelmReleases;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other kinds' rows, Helm releases from their secrets, custom resources browsed generically,
 * apply refusals.
 */
class KindsHelmAndCustomResourcesTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path home;
  private MockCluster cluster;
  private ClusterConnection connection;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster();
    connection =
        ClusterConnection.open(
            new Kubeconfigs(List.of(cluster.kubeconfig(home))).contexts().getFirst());
  }

  @AfterEach
  void stop() {
    connection.close();
    cluster.close();
  }

  @Test
  void workloadNetworkAndClusterKindsHaveTellingRows() {
    var deployment =
        ResourceTypes.DEPLOYMENTS
            .toRow()
            .apply(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .withNamespace("shop")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(3)
                    .endSpec()
                    .withNewStatus()
                    .withReadyReplicas(1)
                    .withUpdatedReplicas(3)
                    .endStatus()
                    .build());
    assertThat(deployment)
        .extracting(
            ResourceRow::status, ResourceRow::ready, ResourceRow::tone, ResourceRow::replicas)
        .containsExactly("Progressing", "1/3", ResourceRow.Tone.WARNING, 3);

    var job =
        ResourceTypes.JOBS
            .toRow()
            .apply(
                new JobBuilder()
                    .withNewMetadata()
                    .withName("migrate")
                    .endMetadata()
                    .withNewSpec()
                    .withCompletions(1)
                    .endSpec()
                    .withNewStatus()
                    .withSucceeded(1)
                    .endStatus()
                    .build());
    assertThat(job.status()).isEqualTo("Complete");

    var service =
        ResourceTypes.SERVICES
            .toRow()
            .apply(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .endMetadata()
                    .withNewSpec()
                    .withType("NodePort")
                    .withClusterIP("10.0.0.7")
                    .addNewPort()
                    .withPort(80)
                    .withNodePort(30080)
                    .endPort()
                    .endSpec()
                    .build());
    assertThat(service.detail()).isEqualTo("10.0.0.7  80:30080/TCP");
    assertThat(service.ports()).containsExactly(80);

    var node =
        ResourceTypes.NODES
            .toRow()
            .apply(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName("n1")
                    .endMetadata()
                    .withNewSpec()
                    .withUnschedulable(true)
                    .endSpec()
                    .withNewStatus()
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());
    assertThat(node.status()).isEqualTo("Ready,SchedulingDisabled");

    var crashing =
        ResourceTypes.PODS
            .toRow()
            .apply(
                new PodBuilder(MockCluster.pod("shop", "p", "Running", Map.of()))
                    .editStatus()
                    .editFirstContainerStatus()
                    .withReady(false)
                    .withRestartCount(7)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .endWaiting()
                    .endState()
                    .endContainerStatus()
                    .endStatus()
                    .build());
    assertThat(crashing)
        .extracting(
            ResourceRow::status, ResourceRow::tone, ResourceRow::restarts, ResourceRow::ready)
        .containsExactly("CrashLoopBackOff", ResourceRow.Tone.BAD, 7, "0/1");
  }

  @Test
  void aPodsRowNamesEveryImageAndEachForwardablePortOnce() {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("shop")
            .withUid("u-1")
            .withCreationTimestamp("2024-05-01T12:30:45Z")
            .endMetadata()
            .withNewSpec()
            .withNodeName("node-2")
            .addNewContainer()
            .withName("app")
            .withImage("shop/web:2")
            .addNewPort()
            .withContainerPort(8080)
            .endPort()
            .addNewPort()
            .withContainerPort(9090)
            .endPort()
            .endContainer()
            .addNewContainer()
            .withName("sidecar")
            .addNewPort()
            .withContainerPort(8080)
            .endPort()
            .addNewPort()
            .withContainerPort(7070)
            .endPort()
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName("app")
            .withReady(true)
            .withRestartCount(2)
            .endContainerStatus()
            .addNewContainerStatus()
            .withName("sidecar")
            .withReady(false)
            .withRestartCount(1)
            .endContainerStatus()
            .endStatus()
            .build();

    var row = ResourceTypes.PODS.toRow().apply(pod);

    assertThat(row.detail()).isEqualTo("shop/web:2, sidecar  on node-2");
    assertThat(row.ports()).containsExactly(8080, 9090, 7070);
    assertThat(row)
        .extracting(
            ResourceRow::status, ResourceRow::tone, ResourceRow::ready, ResourceRow::restarts)
        .containsExactly("Running", ResourceRow.Tone.WARNING, "1/2", 3);
    assertThat(row.created()).isEqualTo(Instant.parse("2024-05-01T12:30:45Z"));
  }

  @Test
  void timeStampsAreReadInTheServersFormAndInAnyOtherIsoForm() {
    for (var text :
        List.of(
            "2024-05-01T12:30:45Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "1999-12-31T23:59:59Z")) {
      assertThat(ResourceTypes.instant(text)).as(text).isEqualTo(Instant.parse(text));
    }
    assertThat(ResourceTypes.instant("2024-05-01T12:30:45.250Z"))
        .isEqualTo(Instant.parse("2024-05-01T12:30:45.250Z"));
    assertThat(ResourceTypes.instant("2024-05-01T14:30:45+02:00"))
        .isEqualTo(Instant.parse("2024-05-01T12:30:45Z"));
    assertThat(ResourceTypes.instant("2023-02-29T00:00:00Z")).as("no such day").isNull();
    assertThat(ResourceTypes.instant("2024-13-01T00:00:00Z")).isNull();
    assertThat(ResourceTypes.instant("yesterday")).isNull();
    assertThat(ResourceTypes.instant(" ")).isNull();
  }

  @Test
  void helmReleasesAndTheirHistoryComeFromReleaseSecrets() throws Exception {
    cluster
        .client
        .secrets()
        .inNamespace("shop")
        .resource(helmSecret("shop", "web", 1, "superseded", "1.0.0"))
        .create();
    cluster
        .client
        .secrets()
        .inNamespace("shop")
        .resource(helmSecret("shop", "web", 2, "deployed", "1.1.0"))
        .create();
    cluster
        .client
        .secrets()
        .inNamespace("shop")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("not-helm")
                .withNamespace("shop")
                .endMetadata()
                .addToData("x", "eA==")
                .build())
        .create();
    var rows = new ConcurrentHashMap<String, ResourceRow>();
    try (var watch =
        connection.watch(
            HelmReleases.TYPE,
            "shop",
            change -> {
              if (change instanceof ResourceChange.Listed listed)
                listed.rows().forEach(r -> rows.put(r.uid(), r));
              if (change instanceof ResourceChange.Upsert upsert)
                rows.put(upsert.row().uid(), upsert.row());
            })) {
      await().atMost(PATIENCE).until(() -> rows.size() == 2);
    }
    var byRevision =
        rows.values().stream().sorted(Comparator.comparing(ResourceRow::replicas)).toList();
    assertThat(byRevision).extracting(ResourceRow::name).containsOnly("web");
    assertThat(byRevision)
        .extracting(ResourceRow::status)
        .containsExactly("superseded", "deployed");
    assertThat(byRevision.get(1).detail()).startsWith("web-1.1.0  app 1.1.0");
    assertThat(byRevision.get(1).ready()).isEqualTo("rev 2");
  }

  @Test
  void customResourceDefinitionsAreListedAndTheirObjectsBrowsed() throws Exception {
    var crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("rollouts.argoproj.io")
            .endMetadata()
            .withNewSpec()
            .withGroup("argoproj.io")
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Rollout")
            .withPlural("rollouts")
            .withSingular("rollout")
            .endNames()
            .addNewVersion()
            .withName("v1alpha1")
            .withServed(true)
            .withStorage(true)
            .endVersion()
            .endSpec()
            .build();
    cluster.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    var type = ResourceTypes.custom(crd);
    assertThat(type.title()).isEqualTo("Rollout (argoproj.io)");
    cluster
        .client
        .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
        .inNamespace("shop")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Rollout")
                .withNewMetadata()
                .withName("checkout")
                .withNamespace("shop")
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("replicas", 2, "strategy", Map.of()))
                .addToAdditionalProperties("status", Map.of("phase", "Healthy"))
                .build())
        .create();
    var rows = new ConcurrentHashMap<String, ResourceRow>();
    try (var watch =
        connection.watch(
            type,
            "shop",
            change -> {
              if (change instanceof ResourceChange.Listed listed)
                listed.rows().forEach(r -> rows.put(r.name(), r));
              if (change instanceof ResourceChange.Upsert upsert)
                rows.put(upsert.row().name(), upsert.row());
            })) {
      await().atMost(PATIENCE).until(() -> rows.containsKey("checkout"));
    }
    assertThat(rows.get("checkout"))
        .extracting(ResourceRow::status, ResourceRow::detail)
        .containsExactly("Healthy", "replicas=2");
    assertThat(connection.yaml(type, "shop", "checkout")).contains("kind: \"Rollout\"");
  }

  @Test
  void theServersValidationErrorsAreReportedFieldByField() {
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
                .build())
        .create();
    cluster
        .server
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
                .withCauses(
                    new StatusCauseBuilder()
                        .withField("data[bad key]")
                        .withMessage("a valid config key must consist of alphanumeric characters")
                        .build())
                .endDetails()
                .build())
        .always();
    assertThatThrownBy(
            () -> connection.apply(connection.yaml(ResourceTypes.CONFIG_MAPS, "shop", "settings")))
        .isInstanceOf(ClusterException.class)
        .hasMessageContaining("The cluster refused the change: ConfigMap \"settings\" is invalid")
        .hasMessageContaining(
            "data[bad key]: a valid config key must consist of alphanumeric characters");
  }

  /**
   * A release secret as Helm 3 writes it: labels, and the release as gzipped JSON, base64-encoded
   * (twice, as data).
   */
  static Secret helmSecret(
      String namespace, String name, int revision, String status, String version) throws Exception {
    var json =
        """
                {"name":"%s","namespace":"%s","version":%d,
                 "info":{"status":"%s","last_deployed":"2026-11-27T10:0%d:00.000000000+00:00","description":"Upgrade complete"},
                 "chart":{"metadata":{"name":"web","version":"%s","appVersion":"%s"}}}"""
            .formatted(name, namespace, revision, status, revision, version, version);
    var gz = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(gz)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    var helmEncoded = Base64.getEncoder().encodeToString(gz.toByteArray());
    return new SecretBuilder()
        .withNewMetadata()
        .withName("sh.helm.release.v1." + name + ".v" + revision)
        .withNamespace(namespace)
        .withLabels(
            Map.of(
                "owner",
                "helm",
                "name",
                name,
                "status",
                status,
                "version",
                Integer.toString(revision)))
        .endMetadata()
        .withType("helm.sh/release.v1")
        .addToData(
            "release",
            Base64.getEncoder().encodeToString(helmEncoded.getBytes(StandardCharsets.US_ASCII)))
        .build();
  }
}
