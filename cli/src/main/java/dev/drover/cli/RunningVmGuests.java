package dev.drover.cli;

import dev.drover.kube.local.VmK3sGuest;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestPorts;
import dev.drover.vm.guest.HelperImage;
import dev.drover.vm.guest.VmGuest;
import dev.drover.vm.host.DriverPortForwarding;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.instance.VmStatusSnapshot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The running VM's guest for {@code drover kube}, as the app's local cluster reaches it ({@link
 * VmK3sGuest}). The command does not run the VM, so under QEMU the API's forward goes through
 * QEMU's control socket (it lives in QEMU and outlasts the command); under WSL 2 and Hyperkit the
 * API is reached without one (see {@link DriverPortForwarding}).
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
      if (running.engine() == VmConfig.Engine.CONTAINERD) {
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
    // The guest's own address (Hyperkit's guest is reached there) is its engine's.
    Optional<String> guestAddress =
        Optional.ofNullable(running.engineHost()).map(host -> URI.create(host).getHost());
    return DriverPortForwarding.of(
            running.driver(),
            Optional.empty(),
            machineFolder(instance, running),
            () -> guestAddress,
            DriverPortForwarding.wslConfigIn(Path.of(System.getProperty("user.home"))))
        .orElseThrow(
            () ->
                new IOException(
                    "Drover does not know how to reach Kubernetes in a VM run by the "
                        + (running.driver() == null ? "an unnamed" : running.driver().word())
                        + " driver"));
  }

  /**
   * Where the QEMU driver keeps this VM's files, its QMP sockets among them (HostDrivers gives it
   * this folder).
   */
  static Path machineFolder(VmInstance instance, VmStatusSnapshot running) {
    return instance.machinesFolder().resolve(running.vm() == null ? instance.name() : running.vm());
  }
}
