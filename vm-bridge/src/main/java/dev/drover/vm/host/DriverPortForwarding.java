package dev.drover.vm.host;

import dev.drover.vm.DriverKind;
import dev.drover.vm.ForwardsGuestPorts;
import dev.drover.vm.VmDriver;
import dev.drover.vm.guest.GuestPorts;
import dev.drover.vm.hyperkit.HyperkitGuestPorts;
import dev.drover.vm.qemu.QmpGuestPorts;
import dev.drover.vm.wsl.Wsl2GuestPorts;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which run-time port forwarding (the k3s API's forward) each VM driver offers, for the app and the
 * {@code drover} command alike. It lives beside {@link HostDrivers} because it names the drivers'
 * own types.
 *
 * <p>Under QEMU a forward lives in the QEMU process: the process that runs the VM adds it through
 * its own QMP connection, any other through QEMU's control socket, so the app and the command see
 * and replace each other's. WSL 2 needs none: its localhost forwarding reaches guest ports at
 * 127.0.0.1 already ({@link Wsl2GuestPorts}). Hyperkit has none: its guest is reached at its own
 * leased address ({@link HyperkitGuestPorts}). The last two behave the same in every process.
 */
public final class DriverPortForwarding {

  /** The driver of a status that names none: QEMU, the one that ran VMs first. */
  static final DriverKind UNNAMED_DRIVER = DriverKind.QEMU;

  private DriverPortForwarding() {}

  /**
   * @param driver the driver that runs the VM; null for QEMU
   * @param localDriver the driver when this process runs the VM, else empty
   * @param machineFolder the driver's folder for this VM (QEMU's control sockets are there)
   * @param guestAddress the guest's own address as the host reaches it (its engine's), for a driver
   *     whose guest is reached directly; empty while the VM does not run
   * @param wslConfig the user's {@code .wslconfig} (WSL 2 reads it from the user's profile folder)
   * @return the forwarding for that driver; empty when this process runs the VM with a driver other
   *     than the QEMU one the status names
   */
  public static Optional<GuestPorts> of(
      DriverKind driver,
      Optional<VmDriver> localDriver,
      Path machineFolder,
      Supplier<Optional<String>> guestAddress,
      Path wslConfig) {
    var kind = driver == null ? UNNAMED_DRIVER : driver;
    if (localDriver.isPresent() && localDriver.get() instanceof ForwardsGuestPorts own)
      return Optional.of(own.guestPorts());
    return switch (kind) {
      case QEMU ->
          localDriver.isPresent()
              ? Optional.empty()
              : Optional.of(QmpGuestPorts.overControlSocket(machineFolder));
      case WSL2 -> Optional.of(new Wsl2GuestPorts(wslConfig));
      case HYPERKIT -> Optional.of(new HyperkitGuestPorts(guestAddress));
    };
  }

  /** The user's {@code .wslconfig}: WSL 2 reads it from the profile folder, {@code user.home}. */
  public static Path wslConfigIn(Path userHome) {
    return userHome.resolve(".wslconfig");
  }
}
