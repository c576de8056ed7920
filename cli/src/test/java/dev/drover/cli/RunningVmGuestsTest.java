package dev.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.kube.k3s.K3sCluster;
import dev.drover.kube.k3s.K3sGuest;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmState;
import dev.drover.vm.guest.HelperImage;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.instance.VmStatusSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drover kube} reaches the cluster's API whatever driver runs the VM (the forward itself
 * needs no engine connection, so no VM is started here).
 */
class RunningVmGuestsTest {

  @TempDir Path home;

  @Test
  void underHyperkitTheApiIsReachedAtTheGuestsAddress() throws Exception {
    try (var guest =
        (AutoCloseable) guests().connect(running(DriverKind.HYPERKIT, "tcp://192.168.64.3:2376"))) {
      var forward = ((K3sGuest) guest).forward(K3sCluster.API_PORT, 16443);

      assertThat(forward.hostAddress()).isEqualTo("192.168.64.3");
      assertThat(forward.hostPort()).isEqualTo(K3sCluster.API_PORT);
    }
  }

  @Test
  void underWsl2TheApiIsReachedAtLoopbackThroughLocalhostForwarding() throws Exception {
    try (var guest =
        (AutoCloseable) guests().connect(running(DriverKind.WSL2, "tcp://127.0.0.1:2376"))) {
      var forward = ((K3sGuest) guest).forward(K3sCluster.API_PORT, 16443);

      assertThat(forward.hostAddress()).isEqualTo("127.0.0.1");
      assertThat(forward.hostPort()).isEqualTo(K3sCluster.API_PORT);
    }
  }

  private KubeServices.Guests guests() {
    var instance =
        VmInstance.forUser(
            Map.of(VmInstance.CONFIG_HOME_OVERRIDE, home.toString()),
            home,
            "Linux",
            DroverCli.VM_NAME);
    return RunningVmGuests.of(instance, HelperImage.pulled(HelperImage.FALLBACK));
  }

  private static VmStatusSnapshot running(DriverKind driver, String engineHost) {
    return new VmStatusSnapshot(
        DroverCli.VM_NAME,
        VmState.RUNNING,
        "",
        engineHost,
        null,
        List.of(),
        driver,
        1,
        "2026-12-07T20:00:00Z",
        VmConfig.Engine.MOBY);
  }
}
