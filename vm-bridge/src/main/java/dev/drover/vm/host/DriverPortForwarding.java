package dev.drover.vm.host;

import dev.drover.vm.VmDriver;
import dev.drover.vm.guest.GuestPorts;
import dev.drover.vm.qemu.QemuDriver;
import dev.drover.vm.qemu.QmpGuestPorts;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which run-time port forwarding (the k3s API's forward) each VM driver offers, for the app and the
 * {@code drover} command alike. It lives beside {@link HostDrivers} because it names the drivers'
 * own types.
 *
 * <p>Under QEMU a forward lives in the QEMU process: the process that runs the VM adds it through
 * its own QMP connection, any other through QEMU's control socket, so the app and the command see
 * and replace each other's. WSL 2 needs none (its localhost forwarding reaches guest ports already)
 * and Hyperkit has none (its guest is reached at its own address): empty for both.
 */
public final class DriverPortForwarding {

  /** The driver name of a status written before statuses named their driver: only QEMU then. */
  static final String UNNAMED_DRIVER = "qemu";

  private DriverPortForwarding() {}

  /**
   * @param driverName the driver that runs the VM ("qemu", "wsl2", "hyperkit"); null for QEMU
   * @param localDriver the driver when this process runs the VM, else empty
   * @param machineFolder the driver's folder for this VM (QEMU's control sockets are there)
   * @return the forwarding for that driver; empty when it offers none
   */
  public static Optional<GuestPorts> of(
      String driverName, Optional<VmDriver> localDriver, Path machineFolder) {
    if (localDriver.isPresent()) {
      return localDriver
          .filter(driver -> driver instanceof QemuDriver)
          .map(driver -> ((QemuDriver) driver).guestPorts());
    }
    return (driverName == null ? UNNAMED_DRIVER : driverName).equals("qemu")
        ? Optional.of(QmpGuestPorts.overControlSocket(machineFolder))
        : Optional.empty();
  }
}
