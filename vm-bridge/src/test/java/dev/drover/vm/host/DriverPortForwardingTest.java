package dev.drover.vm.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmDriver;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.hyperkit.HyperkitGuestPorts;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.QemuDriver;
import dev.drover.vm.wsl.Wsl2GuestPorts;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverPortForwardingTest {

  @TempDir Path machine;

  @Test
  void aQemuVmRunByAnotherProcessIsForwardedThroughItsControlSocket() {
    var ports =
        DriverPortForwarding.of(
            DriverKind.QEMU, Optional.empty(), machine, Optional::empty, wslConfig());

    assertThat(ports).isPresent();
    assertThatThrownBy(() -> ports.get().add(6443, 16443))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("control socket (" + machine);
  }

  @Test
  void aStatusWithoutADriverNameIsQemus() {
    var ports =
        DriverPortForwarding.of(null, Optional.empty(), machine, Optional::empty, wslConfig());

    assertThat(ports).isPresent();
    assertThatThrownBy(() -> ports.get().add(6443, 16443))
        .hasMessageContaining("control socket (" + machine);
  }

  @Test
  void wslReachesTheGuestPortAtLoopbackUnderItsOwnNumberInEveryProcess() throws Exception {
    var ports =
        DriverPortForwarding.of(
                DriverKind.WSL2, Optional.empty(), machine, Optional::empty, wslConfig())
            .orElseThrow();

    assertThat(ports).isInstanceOf(Wsl2GuestPorts.class);
    assertThat(ports.reachesGuestPortsDirectly()).isTrue();
    assertThat(ports.hostAddress()).isEqualTo("127.0.0.1");
    assertThat(ports.add(6443, 6443)).isEmpty();
    assertThat(ports.forwardedTo(6443)).hasValue(6443);
  }

  @Test
  void hyperkitReachesTheGuestAtItsLeasedAddressInEveryProcess() throws Exception {
    var ports =
        DriverPortForwarding.of(
                DriverKind.HYPERKIT,
                Optional.empty(),
                machine,
                () -> Optional.of("192.168.64.3"),
                wslConfig())
            .orElseThrow();

    assertThat(ports).isInstanceOf(HyperkitGuestPorts.class);
    assertThat(ports.hostAddress()).isEqualTo("192.168.64.3");
    assertThat(ports.add(6443, 6443)).isEmpty();
    assertThat(ports.forwardedTo(6443)).hasValue(6443);
  }

  @Test
  void aQemuVmThisProcessRunsIsForwardedThroughItsOwnDriver() {
    var image = GuestImage.in(machine);
    var qemu = machine.resolve("qemu-system-x86_64");
    var driver =
        new QemuDriver(
            qemu,
            machine.resolve("qemu-img"),
            image,
            machine,
            DockerContextWriter.forEnvironment(Map.of(), machine),
            new AcceleratorProbe(
                qemu, image.arch(), image.kernel(), "Linux", "amd64", Duration.ofSeconds(1)),
            Duration.ofMinutes(1));

    var ports =
        DriverPortForwarding.of(
            DriverKind.QEMU, Optional.of(driver), machine, Optional::empty, wslConfig());

    // Through the driver's own QMP connection, which it has only while the VM runs.
    assertThat(ports).isPresent();
    assertThatThrownBy(() -> ports.get().add(6443, 16443))
        .isInstanceOf(IOException.class)
        .hasMessage("the VM is not running");
  }

  @Test
  void aWslVmThisProcessRunsIsReachedThroughLocalhostForwarding() {
    var wsl =
        (VmDriver)
            Proxy.newProxyInstance(
                VmDriver.class.getClassLoader(),
                new Class<?>[] {VmDriver.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });

    assertThat(
            DriverPortForwarding.of(
                DriverKind.WSL2, Optional.of(wsl), machine, Optional::empty, wslConfig()))
        .containsInstanceOf(Wsl2GuestPorts.class);
  }

  private Path wslConfig() {
    return DriverPortForwarding.wslConfigIn(machine);
  }
}
