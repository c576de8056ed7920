package dev.drover.vm.hyperkit;

import dev.drover.vm.guest.GuestPorts;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Hyperkit's way of reaching guest ports: none is forwarded, the host reaches the guest at the
 * address vmnet's DHCP server leased it ({@link DhcpdLeases}), under the port's own number. A
 * forward is therefore only a check that the guest has that address.
 */
public final class HyperkitGuestPorts implements GuestPorts {

  private final Supplier<Optional<String>> guestAddress;

  /**
   * @param guestAddress the guest's leased address now; empty while it has none
   */
  public HyperkitGuestPorts(Supplier<Optional<String>> guestAddress) {
    this.guestAddress = guestAddress;
  }

  @Override
  public Optional<String> add(int guestPort, int hostPort) {
    if (hostPort != guestPort)
      return Optional.of("Hyperkit's guest is reached at guest port " + guestPort + " itself");
    return guestAddress.get().isPresent()
        ? Optional.empty()
        : Optional.of("the VM has no network address from macOS's DHCP server yet");
  }

  /** Nothing to remove: the guest's address reaches the port for as long as it listens. */
  @Override
  public void remove(int hostPort) {}

  @Override
  public OptionalInt forwardedTo(int guestPort) {
    return guestAddress.get().isPresent() ? OptionalInt.of(guestPort) : OptionalInt.empty();
  }

  @Override
  public String hostAddress() throws IOException {
    return guestAddress
        .get()
        .orElseThrow(
            () -> new IOException("the VM has no network address from macOS's DHCP server yet"));
  }

  @Override
  public boolean reachesGuestPortsDirectly() {
    return true;
  }
}
