package dev.drover.kube.local;

import dev.drover.kube.k3s.K3sGuest;
import dev.drover.vm.guest.VmGuest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * k3s's view of the Drover VM: {@link VmGuest} (vm-bridge knows nothing of k3s) in {@link
 * K3sGuest}'s shape; the one the app's local cluster and {@code drover kube} both run k3s through.
 */
public final class VmK3sGuest implements K3sGuest, AutoCloseable {

  private final VmGuest guest;

  public VmK3sGuest(VmGuest guest) {
    this.guest = guest;
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
      return guest.existingForward(guestPort).map(VmK3sGuest::adapted);
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
      public String hostAddress() {
        return forward.hostAddress();
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
