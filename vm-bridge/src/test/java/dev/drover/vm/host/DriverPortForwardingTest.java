package dev.drover.vm.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmDriver;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.qemu.AcceleratorProbe;
import dev.drover.vm.qemu.QemuDriver;
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
    var ports = DriverPortForwarding.of("qemu", Optional.empty(), machine);

    assertThat(ports).isPresent();
    assertThatThrownBy(() -> ports.get().add(6443, 16443))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("control socket (" + machine);
  }

  @Test
  void aStatusWithoutADriverNameIsQemus() {
    var ports = DriverPortForwarding.of(null, Optional.empty(), machine);

    assertThat(ports).isPresent();
    assertThatThrownBy(() -> ports.get().add(6443, 16443))
        .hasMessageContaining("control socket (" + machine);
  }

  @Test
  void wslAndHyperkitOfferNoRunTimeForwarding() {
    assertThat(DriverPortForwarding.of("wsl2", Optional.empty(), machine)).isEmpty();
    assertThat(DriverPortForwarding.of("hyperkit", Optional.empty(), machine)).isEmpty();
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

    var ports = DriverPortForwarding.of("qemu", Optional.of(driver), machine);

    // Through the driver's own QMP connection, which it has only while the VM runs.
    assertThat(ports).isPresent();
    assertThatThrownBy(() -> ports.get().add(6443, 16443))
        .isInstanceOf(IOException.class)
        .hasMessage("the VM is not running");
  }

  @Test
  void aLocalDriverOtherThanQemuOffersNone() {
    var wsl =
        (VmDriver)
            Proxy.newProxyInstance(
                VmDriver.class.getClassLoader(),
                new Class<?>[] {VmDriver.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });

    assertThat(DriverPortForwarding.of("wsl2", Optional.of(wsl), machine)).isEmpty();
  }
}
