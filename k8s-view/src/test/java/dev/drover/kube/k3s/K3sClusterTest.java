package dev.drover.kube.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning up to the binary: a locally served release, the real control script, and a fake k3s
 * that writes a kubeconfig and cluster state the way k3s does, then idles until stopped.
 */
class K3sClusterTest {

  private static final K3sVersion VERSION = K3sVersion.of("v1.31.2+k3s1");
  private static final String FAKE_K3S =
      """
            #!/bin/sh
            [ "$1" = server ] || exit 2
            echo "fake k3s starting with $*"
            if [ -f "$DROVER_K3S_ROOT/crash-on-start" ]; then
                echo "level=fatal msg=\\"starting kubernetes: listen tcp :6443: bind: address already in use\\""
                exit 1
            fi
            mkdir -p "$DROVER_K3S_ROOT/var/lib/rancher/k3s/server/db"
            [ -f "$DROVER_K3S_ROOT/var/lib/rancher/k3s/server/db/state" ] || date +%s%N > "$DROVER_K3S_ROOT/var/lib/rancher/k3s/server/db/state"
            cat > "$DROVER_K3S_ROOT/etc/rancher/k3s/k3s.yaml.tmp" <<'YAML'
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: Q0E=
                server: https://127.0.0.1:6443
              name: default
            contexts:
            - context:
                cluster: default
                user: default
              name: default
            current-context: default
            kind: Config
            preferences: {}
            users:
            - name: default
              user:
                client-certificate-data: Q0VSVA==
                client-key-data: S0VZ
            YAML
            mv "$DROVER_K3S_ROOT/etc/rancher/k3s/k3s.yaml.tmp" "$DROVER_K3S_ROOT/etc/rancher/k3s/k3s.yaml"
            exec sleep 600
            """;

  @TempDir Path temp;

  private final HttpClient http = K3sHttp.newClient();
  private final List<String> probed = new CopyOnWriteArrayList<>();
  private LocalReleaseServer release;
  private LocalFolderGuest guest;
  private Path kubeconfigFile;
  private K3sCluster cluster;

  @BeforeEach
  void setUp() throws IOException {
    release = new LocalReleaseServer();
    var binary = FAKE_K3S.getBytes(StandardCharsets.UTF_8);
    release.release(VERSION.tag(), K3sArch.AMD64, binary, LocalReleaseServer.sha256(binary));
    guest = new LocalFolderGuest(Files.createDirectories(temp.resolve("guest")));
    kubeconfigFile = temp.resolve("home/.kube/config");
    cluster = cluster(readyAfter(3));
  }

  @AfterEach
  void tearDown() {
    try {
      cluster.disable();
    } finally {
      release.close();
      http.close();
    }
  }

  @Test
  void aClosedSubscriptionHearsNoFurtherChanges() throws Exception {
    var heard = new CopyOnWriteArrayList<K3sCluster.State>();
    var kept = new CopyOnWriteArrayList<K3sCluster.State>();
    var subscription = cluster.subscribe(status -> heard.add(status.state()));
    cluster.subscribe(status -> kept.add(status.state()));
    subscription.close();
    subscription.close();

    cluster.enable(new K3sCluster.Options(VERSION, false), K3sCluster.Progress.none());

    assertThat(heard).isEmpty();
    assertThat(kept).contains(K3sCluster.State.RUNNING);
  }

  @Test
  void enablingInstallsStartsForwardsAndMergesTheDroverContext() throws Exception {
    var steps = new CopyOnWriteArrayList<String>();
    var statuses = new CopyOnWriteArrayList<K3sCluster.State>();
    cluster.subscribe(status -> statuses.add(status.state()));

    var status =
        cluster.enable(
            new K3sCluster.Options(VERSION, false),
            new K3sCluster.Progress() {
              @Override
              public void step(String what) {
                steps.add(what);
              }
            });

    assertThat(status.state()).isEqualTo(K3sCluster.State.RUNNING);
    assertThat(status.apiPort()).hasValue(guest.openForwards.getFirst());
    assertThat(Files.getPosixFilePermissions(guest.path(K3sCluster.BINARY)))
        .contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.readString(guest.path(K3sCluster.CONFIG)))
        .contains("disable:\n  - traefik", "tls-san");
    var merged =
        new KubernetesSerialization().unmarshal(Files.readString(kubeconfigFile), Config.class);
    assertThat(merged.getCurrentContext()).isEqualTo("drover");
    assertThat(merged.getClusters().getFirst().getCluster().getServer())
        .isEqualTo("https://127.0.0.1:" + status.apiPort().getAsInt());
    assertThat(Files.getPosixFilePermissions(kubeconfigFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(probed)
        .allSatisfy(
            server ->
                assertThat(server).isEqualTo("https://127.0.0.1:" + status.apiPort().getAsInt()));
    assertThat(steps)
        .containsSubsequence(
            "Downloading k3s v1.31.2+k3s1",
            "Installing k3s in the VM",
            "Starting k3s",
            "Waiting for the Kubernetes API");
    assertThat(statuses).startsWith(K3sCluster.State.STARTING).endsWith(K3sCluster.State.RUNNING);
    assertThat(
            guest
                .run(List.of(K3sCluster.CONTROL_SCRIPT, "status"), Duration.ofSeconds(30))
                .stdout())
        .contains("running");
  }

  @Test
  void traefikStaysEnabledWhenChosen() {
    assertThat(K3sCluster.k3sConfig(new K3sCluster.Options(VERSION, true)))
        .doesNotContain("traefik");
    assertThat(K3sCluster.k3sConfig(new K3sCluster.Options(VERSION, false)))
        .contains("disable:\n  - traefik");
  }

  @Test
  void theCertificateNamesTheAddressTheHostReachesTheApiAt() {
    assertThat(K3sCluster.k3sConfig(new K3sCluster.Options(VERSION, true), "192.168.64.3"))
        .contains("tls-san:\n  - 127.0.0.1\n  - localhost\n  - 192.168.64.3\n");
    assertThat(K3sCluster.k3sConfig(new K3sCluster.Options(VERSION, true), "127.0.0.1"))
        .contains("tls-san:\n  - 127.0.0.1\n  - localhost\n")
        .doesNotContain("  - 127.0.0.1\n  - localhost\n  - ");
  }

  @Test
  void disablingStopsK3sAndTheForwardButKeepsTheClusterData() throws Exception {
    cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none());
    var state = Files.readString(guest.path("/var/lib/rancher/k3s/server/db/state"));

    var status = cluster.disable();

    assertThat(status.state()).isEqualTo(K3sCluster.State.STOPPED);
    assertThat(guest.openForwards).isEmpty();
    assertThat(
            guest
                .run(List.of(K3sCluster.CONTROL_SCRIPT, "status"), Duration.ofSeconds(30))
                .exitCode())
        .isEqualTo(3);
    assertThat(guest.path("/var/lib/rancher/k3s/server/db/state")).hasContent(state);
    assertThat(cluster.refreshStatus().state()).isEqualTo(K3sCluster.State.STOPPED);
  }

  @Test
  void resetWipesTheClusterStateAndStartsAFreshCluster() throws Exception {
    cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none());
    var oldState = Files.readString(guest.path("/var/lib/rancher/k3s/server/db/state"));
    Files.writeString(guest.path("/var/lib/rancher/k3s/server/db/workload"), "a deployment");

    var status = cluster.reset(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none());

    assertThat(status.state()).isEqualTo(K3sCluster.State.RUNNING);
    assertThat(guest.path("/var/lib/rancher/k3s/server/db/workload")).doesNotExist();
    assertThat(Files.readString(guest.path("/var/lib/rancher/k3s/server/db/state")))
        .isNotEqualTo(oldState);
    assertThat(guest.openForwards).hasSize(1);
  }

  @Test
  void closingLeavesTheApiForwardForKubectlAndALaterInstanceReportsAndRemovesIt() {
    var enabled = cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none());
    cluster.close(); // what `drover kube enable` does when it exits

    assertThat(guest.openForwards)
        .as("the forward outlives the instance that made it")
        .containsExactly(enabled.apiPort().getAsInt());

    var later = cluster(readyAfter(1)); // `drover kube status`, then `drover kube disable`
    var status = later.refreshStatus();
    assertThat(status.state()).isEqualTo(K3sCluster.State.RUNNING);
    assertThat(status.apiPort()).isEqualTo(enabled.apiPort());
    assertThat(status.version()).hasValue(VERSION);

    assertThat(cluster(readyAfter(1)).disable().state()).isEqualTo(K3sCluster.State.STOPPED);
    assertThat(guest.openForwards).as("disable removes a forward another instance made").isEmpty();
  }

  @Test
  void enablingFromASecondInstanceReplacesTheFirstOnesForwardRatherThanAddingOne() {
    cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none());
    cluster.close();

    var status =
        cluster(readyAfter(1))
            .enable(new K3sCluster.Options(VERSION, false), K3sCluster.Progress.none());

    assertThat(status.state()).isEqualTo(K3sCluster.State.RUNNING);
    assertThat(guest.openForwards).containsExactly(status.apiPort().getAsInt());
  }

  @Test
  void k3sRunningWithoutAForwardAsksToEnableAgain() {
    cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none());
    guest.existingForward(K3sCluster.API_PORT).orElseThrow().close(); // e.g. removed by hand

    var status = cluster(readyAfter(1)).refreshStatus();

    assertThat(status.state()).isEqualTo(K3sCluster.State.STARTING);
    assertThat(status.detail()).contains("enable Kubernetes to connect");
  }

  @Test
  void aSecondDownloadIsNotNeededToEnableAgain() {
    cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none());
    cluster.disable();
    release.close();

    var status = cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none());

    assertThat(status.state()).isEqualTo(K3sCluster.State.RUNNING);
  }

  @Test
  void k3sFailingToStartIsReportedWithItsLog() throws IOException {
    Files.writeString(guest.root.resolve("crash-on-start"), "");

    assertThatThrownBy(
            () -> cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("k3s stopped while starting")
        .hasMessageContaining("address already in use");
    assertThat(cluster.current().state()).isEqualTo(K3sCluster.State.FAILED);
    assertThat(kubeconfigFile).doesNotExist();
    assertThat(guest.openForwards).isEmpty();
  }

  @Test
  void anApiThatNeverAnswersFailsWithTheLogTail() {
    cluster = cluster(readyAfter(Integer.MAX_VALUE), Duration.ofSeconds(3));
    var failures = new CopyOnWriteArrayList<K3sCluster.Status>();
    cluster.subscribe(
        status -> {
          if (status.state() == K3sCluster.State.FAILED) failures.add(status);
        });

    assertThatThrownBy(
            () -> cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("did not answer on https://127.0.0.1:")
        .hasMessageContaining("fake k3s starting with server --config");
    assertThat(cluster.current().state()).isEqualTo(K3sCluster.State.FAILED);
    assertThat(failures).hasSize(1);
  }

  @Test
  void aChecksumMismatchStopsBeforeAnythingIsInstalled() {
    release.release(
        VERSION.tag(),
        K3sArch.AMD64,
        FAKE_K3S.getBytes(StandardCharsets.UTF_8),
        LocalReleaseServer.sha256(new byte[] {1}));

    assertThatThrownBy(
            () -> cluster.enable(new K3sCluster.Options(VERSION, true), K3sCluster.Progress.none()))
        .isInstanceOf(K3sException.class)
        .hasMessageContaining("does not match its published checksum");
    assertThat(guest.path(K3sCluster.BINARY)).doesNotExist();
    assertThat(kubeconfigFile).doesNotExist();
    assertThat(cluster.current().state()).isEqualTo(K3sCluster.State.FAILED);
  }

  private ApiReadiness readyAfter(int attempts) {
    var calls = new AtomicInteger();
    return (kubeconfig, context) -> {
      var config = new KubernetesSerialization().unmarshal(kubeconfig, Config.class);
      probed.add(config.getClusters().getFirst().getCluster().getServer());
      assertThat(context).isEqualTo("default");
      return calls.incrementAndGet() >= attempts;
    };
  }

  private K3sBinaries binaries() {
    return new K3sBinaries(http, release.site(), temp.resolve("cache"));
  }

  private K3sCluster cluster(ApiReadiness readiness) {
    return cluster(readiness, Duration.ofSeconds(60));
  }

  private K3sCluster cluster(ApiReadiness readiness, Duration startTimeout) {
    return new K3sCluster(
        guest,
        binaries(),
        new KubeconfigMerger(KubeconfigFiles.of(kubeconfigFile)),
        readiness,
        startTimeout);
  }
}
