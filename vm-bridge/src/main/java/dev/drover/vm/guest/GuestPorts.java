package dev.drover.vm.guest;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Forwards a fixed guest TCP port to the host's loopback; the VM driver's side of {@link
 * VmGuest#forward}.
 *
 * <p>A forward belongs to the VM, not to the process that added it: under QEMU it lives in the QEMU
 * process, so it ends when it is removed or the VM stops, and any Drover process can find it again
 * with {@link #forwardedTo}. WSL 2 needs no forward: its localhost forwarding already makes a port
 * the guest listens on reachable on the host's 127.0.0.1 at the same number. Hyperkit has no
 * run-time forwarding: the guest's own address is reached directly. Both {@link
 * #reachesGuestPortsDirectly() reach guest ports directly}.
 */
public interface GuestPorts {

  /**
   * Forwards 127.0.0.1:{@code hostPort} to {@code guestPort}; returns why not (port taken…), empty
   * on success.
   */
  Optional<String> add(int guestPort, int hostPort) throws IOException, InterruptedException;

  /** Stops forwarding {@code hostPort}; nothing happens when it is not forwarded. */
  void remove(int hostPort) throws IOException, InterruptedException;

  /**
   * The host loopback port forwarded to {@code guestPort} now, by whichever process added it; empty
   * when none.
   */
  OptionalInt forwardedTo(int guestPort) throws IOException, InterruptedException;

  /**
   * The host address a forwarded port is reached at: the host's loopback, or the guest's own
   * address for a driver whose guest is reached directly.
   */
  default String hostAddress() throws IOException {
    return "127.0.0.1";
  }

  /**
   * Whether the guest's ports are reachable at {@link #hostAddress()} under their own numbers
   * without any forward (so the host port is always the guest port).
   */
  default boolean reachesGuestPortsDirectly() {
    return false;
  }
}
