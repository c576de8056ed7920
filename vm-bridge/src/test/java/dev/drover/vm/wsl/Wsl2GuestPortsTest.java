package dev.drover.vm.wsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.vm.guest.VmGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The k3s API's "forward" under WSL 2, through {@link VmGuest#forward} as k3s provisioning asks for
 * it, against {@code .wslconfig} files written with the keys WSL documents ({@code [wsl2]} {@code
 * localhostForwarding}, {@code networkingMode}).
 */
class Wsl2GuestPortsTest {

  @TempDir Path home;

  @Test
  void withoutAWslConfigTheApiIsReachedAtLoopbackUnderItsOwnNumber() throws Exception {
    var forward = guest().forward(6443, 16443);

    assertThat(forward.hostAddress()).isEqualTo("127.0.0.1");
    assertThat(forward.hostPort()).as("WSL keeps the guest's number").isEqualTo(6443);
    assertThat(guest().existingForward(6443))
        .hasValueSatisfying(f -> assertThat(f.hostPort()).isEqualTo(6443));
    forward.close();
  }

  @Test
  void localhostForwardingTurnedOffIsRefusedWithWhatToChange() throws Exception {
    Files.writeString(
        wslConfig(),
        """
        [wsl2]
        memory=8GB
        # Turn off default connection to bind WSL 2 localhost to Windows localhost
        localhostForwarding=false
        """);

    assertThatThrownBy(() -> guest().forward(6443, 6443))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("localhost forwarding is off")
        .hasMessageContaining(wslConfig().toString())
        .hasMessageContaining("wsl --shutdown");
    assertThat(guest().existingForward(6443)).isEmpty();
  }

  @Test
  void mirroredNetworkingSharesTheLoopbackEvenWithoutLocalhostForwarding() throws Exception {
    Files.writeString(
        wslConfig(),
        "[wsl2]\r\nnetworkingMode=mirrored\r\nlocalhostForwarding=false\r\n[experimental]\r\n");

    assertThat(guest().forward(6443, 6443).hostPort()).isEqualTo(6443);
  }

  @Test
  void onlyTheWsl2SectionCounts() {
    assertThat(
            Wsl2GuestPorts.localhostForwarding(
                "[experimental]\nlocalhostForwarding=false\n[wsl2]\nprocessors=2\n"))
        .isTrue();
    assertThat(Wsl2GuestPorts.localhostForwarding("[WSL2]\nLocalhostForwarding = \"False\"\n"))
        .isFalse();
  }

  private VmGuest guest() {
    var ports = new Wsl2GuestPorts(wslConfig());
    return new VmGuest(Optional::empty, VmGuest.HELPER_IMAGE, () -> Optional.of(ports));
  }

  private Path wslConfig() {
    return home.resolve(".wslconfig");
  }
}
