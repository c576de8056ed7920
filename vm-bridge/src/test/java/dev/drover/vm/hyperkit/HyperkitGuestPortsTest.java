package dev.drover.vm.hyperkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.vm.guest.VmGuest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The k3s API's "forward" under Hyperkit, through {@link VmGuest#forward} as k3s provisioning asks
 * for it: the guest's address comes from bootpd's leases as recorded on a real Mac (SOURCES.md).
 */
class HyperkitGuestPortsTest {

  @Test
  void theApiIsReachedAtTheGuestsLeasedAddressUnderItsOwnNumber() throws Exception {
    var leases = DhcpdLeases.parse(recorded("dhcpd_leases"));
    var guest = guest(new HyperkitGuestPorts(() -> leases.addressOf("minikube")));

    var forward = guest.forward(6443, 16443);

    assertThat(forward.hostAddress()).isEqualTo("192.168.105.30");
    assertThat(forward.hostPort()).isEqualTo(6443);
    assertThat(guest.existingForward(6443))
        .hasValueSatisfying(f -> assertThat(f.hostAddress()).isEqualTo("192.168.105.30"));
    forward.close();
  }

  @Test
  void aGuestWithoutALeaseCannotBeReached() throws Exception {
    var leases = DhcpdLeases.parse(recorded("dhcpd_leases"));
    var guest = guest(new HyperkitGuestPorts(() -> leases.addressOf("drover")));

    assertThatThrownBy(() -> guest.forward(6443, 6443))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no network address from macOS's DHCP server");
    assertThat(guest.existingForward(6443)).isEmpty();
  }

  private static VmGuest guest(HyperkitGuestPorts ports) {
    return new VmGuest(Optional::empty, VmGuest.HELPER_IMAGE, () -> Optional.of(ports));
  }

  private static String recorded(String name) throws IOException {
    try (var in = HyperkitGuestPortsTest.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalArgumentException("no recorded output " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
