package dev.drover.vm.qemu;

import dev.drover.vm.VmFile;
import dev.drover.vm.guest.GuestPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Guest port forwards as QEMU's user network keeps them, through QMP: {@code hostfwd_add}, {@code
 * hostfwd_remove} and {@code info usernet}. The forwards live in QEMU, so they outlast the process
 * that added them.
 *
 * <p>{@link #overControlSocket} is for processes that do not run the VM (the {@code drover}
 * command, an app that follows a VM another process runs): it connects to QEMU's second QMP socket
 * ({@link VmFile#QMP_CONTROL_SOCKET}) for each call and disconnects after it, so it holds nothing
 * between calls and never keeps that socket from another process for long. The VM's owner uses its
 * own connection ({@link QemuDriver#guestPorts()}).
 */
public final class QmpGuestPorts implements GuestPorts {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A row of {@code info usernet}: "TCP[HOST_FORWARD] 14 127.0.0.1 46443 10.0.2.15 6443 0 0". */
  private static final Pattern HOST_FORWARD =
      Pattern.compile(
          "^\\s*TCP\\[HOST_FORWARD]\\s+\\d+\\s+(\\S+)\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)\\b");

  /** Runs one human monitor command on some QMP connection. */
  @FunctionalInterface
  interface Monitor {
    String human(String commandLine) throws IOException, InterruptedException;
  }

  private final Monitor monitor;

  QmpGuestPorts(Monitor monitor) {
    this.monitor = monitor;
  }

  /**
   * Forwards through the control socket of the VM whose QEMU folder is {@code machineFolder} (the
   * folder holding {@code qmp.sock}); each call needs the VM running.
   */
  public static QmpGuestPorts overControlSocket(Path machineFolder) {
    var socket = VmFile.QMP_CONTROL_SOCKET.in(machineFolder);
    return new QmpGuestPorts(
        commandLine -> {
          if (!Files.exists(socket)) {
            throw new IOException(
                "the VM's QEMU has no control socket ("
                    + socket
                    + "): it was started by an"
                    + " older Drover, or it is not running; restart the VM (`drover vm restart`) and try again");
          }
          try (var qmp = Qmp.connect(socket, TIMEOUT, event -> {})) {
            return qmp.human(commandLine, TIMEOUT);
          }
        });
  }

  @Override
  public Optional<String> add(int guestPort, int hostPort)
      throws IOException, InterruptedException {
    var complaint =
        monitor.human(
            "hostfwd_add " + QemuCommand.NETDEV + " tcp:127.0.0.1:" + hostPort + "-:" + guestPort);
    return complaint.isBlank() ? Optional.empty() : Optional.of(complaint.strip());
  }

  @Override
  public void remove(int hostPort) throws IOException, InterruptedException {
    // QEMU answers "removed" or "not found"; either way the port is no longer forwarded.
    monitor.human("hostfwd_remove " + QemuCommand.NETDEV + " tcp:127.0.0.1:" + hostPort);
  }

  @Override
  public OptionalInt forwardedTo(int guestPort) throws IOException, InterruptedException {
    return forwardedTo(monitor.human("info usernet"), guestPort);
  }

  /** The loopback host port that {@code info usernet}'s output forwards to {@code guestPort}. */
  static OptionalInt forwardedTo(String infoUsernet, int guestPort) {
    for (var line : infoUsernet.lines().toList()) {
      var row = HOST_FORWARD.matcher(line);
      if (row.find()
          && row.group(1).equals("127.0.0.1")
          && Integer.parseInt(row.group(4)) == guestPort) {
        return OptionalInt.of(Integer.parseInt(row.group(2)));
      }
    }
    return OptionalInt.empty();
  }
}
