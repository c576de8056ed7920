package dev.drover.cli;

import dev.drover.kube.local.VmK3sGuest;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestPorts;
import dev.drover.vm.guest.HelperImage;
import dev.drover.vm.guest.VmGuest;
import dev.drover.vm.host.DriverPortForwarding;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.instance.VmStatusSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The running VM's guest for {@code drover kube}, as the app's local cluster reaches it ({@link
 * VmK3sGuest}). The command does not run the VM, so the API's forward goes through QEMU's control
 * socket; it lives in QEMU and outlasts the command.
 */
final class RunningVmGuests {

  private RunningVmGuests() {}

  /**
   * Reaches a running VM's guest through its engine, with port forwards for the driver that runs
   * it.
   *
   * @param helperImage the image of the guest's helper container (busybox with nsenter)
   */
  static KubeServices.Guests of(VmInstance instance, HelperImage helperImage) {
    return running -> {
      if ("containerd".equals(running.engine())) {
        throw new IOException(
            "Kubernetes in the VM is installed through the VM's dockerd; this VM runs containerd"
                + " alone. Switch the engine to moby in Settings and restart the VM.");
      }
      var ports = forwards(instance, running);
      var engine = ((VmStatus.Running) running.toStatus()).engine();
      return new VmK3sGuest(
          new VmGuest(() -> Optional.of(engine), helperImage, () -> Optional.of(ports)));
    };
  }

  private static GuestPorts forwards(VmInstance instance, VmStatusSnapshot running)
      throws IOException {
    // WSL 2's localhost forwarding already reaches a port the guest listens on at the same
    // number, and Hyperkit's guest is reached at its own address: each needs its own kind of
    // forward, not built yet.
    return DriverPortForwarding.of(
            running.driver(), Optional.empty(), machineFolder(instance, running))
        .orElseThrow(
            () ->
                new IOException(
                    "Kubernetes from the command line needs the QEMU driver for now; this VM runs"
                        + " under "
                        + running.driver()
                        + ". Use the app's Settings > Kubernetes."));
  }

  /**
   * Where the QEMU driver keeps this VM's files, its QMP sockets among them (HostDrivers gives it
   * this folder).
   */
  static Path machineFolder(VmInstance instance, VmStatusSnapshot running) {
    return instance.machinesFolder().resolve(running.vm() == null ? instance.name() : running.vm());
  }
}
