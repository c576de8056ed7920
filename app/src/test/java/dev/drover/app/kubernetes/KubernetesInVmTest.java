package dev.drover.app.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.settings.KubernetesSettings;
import dev.drover.kube.config.KubeconfigFiles;
import dev.drover.kube.config.KubeconfigMerger;
import dev.drover.kube.k3s.K3sBinaries;
import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sGuest;
import dev.drover.kube.k3s.K3sHttp;
import dev.drover.kube.k3s.K3sReleaseSite;
import dev.drover.kube.k3s.K3sVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When k3s is started and stopped, against a guest that records what it is asked (the VM part is in
 * K3sGuestVmIT).
 */
class KubernetesInVmTest {

  private static final K3sVersion VERSION = K3sVersion.of("v1.31.2+k3s1");

  @TempDir Path temp;

  private final List<String> asked = new CopyOnWriteArrayList<>();
  private K3sCluster cluster;
  private KubernetesInVm kubernetes;

  /** A VM that is not reachable: every call is recorded and fails, as it would with the VM gone. */
  private final K3sGuest unreachableGuest =
      new K3sGuest() {
        @Override
        public void copyInto(Path hostFile, String guestPath, String mode) throws IOException {
          asked.add("copy " + guestPath);
          throw new IOException("the Drover VM is not running");
        }

        @Override
        public CommandResult run(List<String> command, Duration timeout) throws IOException {
          asked.add(String.join(" ", command));
          throw new IOException("the Drover VM is not running");
        }

        @Override
        public Optional<byte[]> readFile(String guestPath) throws IOException {
          asked.add("read " + guestPath);
          throw new IOException("the Drover VM is not running");
        }

        @Override
        public PortForward forward(int guestPort, int preferredHostPort) throws IOException {
          asked.add("forward " + guestPort);
          throw new IOException("the Drover VM is not running");
        }
      };

  @BeforeEach
  void setUp() {
    cluster =
        new K3sCluster(
            unreachableGuest,
            new K3sBinaries(
                K3sHttp.newClient(),
                K3sReleaseSite.at(URI.create("http://127.0.0.1:9/")),
                temp.resolve("cache")),
            new KubeconfigMerger(KubeconfigFiles.of(temp.resolve("kubeconfig"))),
            (kubeconfig, context) -> false,
            Duration.ofSeconds(5));
    kubernetes =
        new KubernetesInVm(
            cluster,
            new KubernetesSettings(false, null, false),
            kube -> new K3sCluster.Options(kube.pinnedVersion().orElse(VERSION), kube.traefik()));
  }

  @AfterEach
  void tearDown() {
    kubernetes.close();
  }

  @Test
  void switchingKubernetesOnWithoutARunningVmWaitsForTheVm() {
    kubernetes.settingsChanged(new KubernetesSettings(true, null, false));
    kubernetes.vmRunning(false);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(asked::isEmpty);
    assertThat(cluster.current().state()).isEqualTo(K3sCluster.State.STOPPED);
  }

  @Test
  void theVmStartingWithKubernetesOnStartsK3sAndAFailureReachesTheStatus() {
    kubernetes.settingsChanged(new KubernetesSettings(true, null, false));
    kubernetes.vmRunning(true);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.current().state() == K3sCluster.State.FAILED);
    assertThat(asked).first().isEqualTo("uname -m");
    assertThat(cluster.current().detail())
        .contains("the Drover VM is not running", "enable Kubernetes again");
  }

  @Test
  void kubernetesTheCommandEnabledIsLeftAloneWhileTheSwitchIsOff() {
    kubernetes.vmRunning(true); // the switch is off: k3s there was started by `drover kube enable`

    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(asked::isEmpty);
    kubernetes.vmRunning(false);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(asked::isEmpty);
    assertThat(cluster.current().state()).isEqualTo(K3sCluster.State.STOPPED);
  }

  @Test
  void switchingKubernetesOffWhileTheVmRunsStopsK3s() {
    kubernetes.vmRunning(true);
    kubernetes.settingsChanged(new KubernetesSettings(true, null, false));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.current().state() == K3sCluster.State.FAILED);
    asked.clear();
    kubernetes.settingsChanged(new KubernetesSettings(false, null, false));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> asked.contains("read /usr/local/bin/drover-k3s"));
  }
}
