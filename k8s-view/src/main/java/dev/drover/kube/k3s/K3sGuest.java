package dev.drover.kube.k3s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What k3s provisioning needs from the Linux guest it runs in. The VM driver implements it (over
 * its agent or SSH); nothing here assumes a particular init system, so any guest image with a POSIX
 * shell works.
 *
 * <p>Guest paths are absolute paths inside the guest. Every method blocks; callers use virtual
 * threads.
 */
public interface K3sGuest {

  /** The outcome of a command run in the guest. */
  record CommandResult(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /**
     * Standard error, or standard output when that is empty: what to show when the command failed.
     */
    public String errorText() {
      return (stderr == null || stderr.isBlank() ? stdout : stderr).strip();
    }
  }

  /**
   * A guest TCP port reachable from the host until closed: on its loopback interface, or at the
   * guest's own address for a VM the host reaches directly (Hyperkit). The forward belongs to the
   * VM: it may outlive the process that made it (under QEMU it lives in the hypervisor), and {@link
   * #close()} removes it.
   */
  interface PortForward extends AutoCloseable {
    /** The port on {@link #hostAddress()}. */
    int hostPort();

    /** Where the host reaches the port: 127.0.0.1, or the guest's own address. */
    default String hostAddress() {
      return "127.0.0.1";
    }

    /** Stops forwarding. */
    @Override
    void close();
  }

  /**
   * Copies a host file into the guest, replacing any file there, with an octal mode such as {@code
   * 0755}.
   */
  void copyInto(Path hostFile, String guestPath, String mode) throws IOException;

  /**
   * Runs a command (no shell unless the command is one) as root, waiting at most {@code timeout}.
   */
  CommandResult run(List<String> command, Duration timeout)
      throws IOException, InterruptedException;

  /** The file's content, or empty when it does not exist. */
  Optional<byte[]> readFile(String guestPath) throws IOException;

  /**
   * Forwards {@code guestPort} to the host's loopback only, on {@code preferredHostPort} when it is
   * free and on any free port otherwise; {@link PortForward#hostPort()} says which. A VM reached
   * without forwards (WSL 2, Hyperkit) keeps the guest's port number.
   */
  PortForward forward(int guestPort, int preferredHostPort) throws IOException;

  /**
   * The forward of {@code guestPort} to the host that runs now, made earlier by this or another
   * process (an earlier {@code drover kube enable}, the app); empty when there is none or the guest
   * cannot tell.
   */
  default Optional<PortForward> existingForward(int guestPort) throws IOException {
    return Optional.empty();
  }

  /** Writes {@code content} to a guest file; drivers with a faster way may override it. */
  default void writeFile(String guestPath, byte[] content, String mode) throws IOException {
    var temp = Files.createTempFile("drover-guest-", ".tmp");
    try {
      Files.write(temp, content);
      copyInto(temp, guestPath, mode);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The guest's CPU architecture, from {@code uname -m}. */
  default K3sArch architecture() throws IOException, InterruptedException {
    var result = run(List.of("uname", "-m"), Duration.ofSeconds(30));
    if (!result.succeeded())
      throw new IOException("uname -m failed in the VM: " + result.errorText());
    return K3sArch.parse(result.stdout())
        .orElseThrow(
            () ->
                new K3sException(
                    "k3s is not built for this VM's processor (" + result.stdout().strip() + ")"));
  }
}
