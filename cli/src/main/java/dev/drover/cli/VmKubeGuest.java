package dev.drover.cli;

import dev.drover.kube.k3s.K3sGuest;
import dev.drover.vm.guest.GuestPorts;
import dev.drover.vm.guest.HelperImage;
import dev.drover.vm.guest.VmGuest;
import dev.drover.vm.host.DriverPortForwarding;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.instance.VmStatusSnapshot;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The running VM's guest for {@code drover kube}: vm-bridge's {@link VmGuest} in k3s's {@link
 * K3sGuest} shape (as the app's VmK3sGuest, which this module cannot reach). The command does not
 * run the VM, so the API's forward goes through QEMU's control socket ({@link QmpGuestPorts}); it
 * lives in QEMU and outlasts the command.
 */
final class VmKubeGuest implements K3sGuest, AutoCloseable {

  private final VmGuest guest;

  VmKubeGuest(VmGuest guest) {
    this.guest = guest;
  }

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
      var engine = ((dev.drover.vm.VmStatus.Running) running.toStatus()).engine();
      return new VmKubeGuest(
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

  @Override
  public void copyInto(Path hostFile, String guestPath, String mode) throws IOException {
    try {
      guest.copyInto(hostFile, guestPath, mode);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public CommandResult run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    var result = guest.run(command, timeout);
    return new CommandResult(result.exitCode(), result.stdoutText(), result.stderrText());
  }

  @Override
  public Optional<byte[]> readFile(String guestPath) throws IOException {
    try {
      return guest.readFile(guestPath);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public PortForward forward(int guestPort, int preferredHostPort) throws IOException {
    try {
      return adapted(guest.forward(guestPort, preferredHostPort));
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  @Override
  public Optional<PortForward> existingForward(int guestPort) throws IOException {
    try {
      return guest.existingForward(guestPort).map(VmKubeGuest::adapted);
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  /** Closes the engine connection; forwards stay (they are the VM's). */
  @Override
  public void close() {
    guest.close();
  }

  private static PortForward adapted(VmGuest.Forward forward) {
    return new PortForward() {
      @Override
      public int hostPort() {
        return forward.hostPort();
      }

      @Override
      public void close() {
        forward.close();
      }
    };
  }

  private static IOException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    var io = new InterruptedIOException("cancelled");
    io.initCause(e);
    return io;
  }
}
