package dev.drover.vm.guest;

import dev.drover.vm.VmFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The guest's root shell on its virtio console, served by QEMU on {@link VmFile#SHELL_SOCKET} in
 * the VM's user-only folder. It is a terminal, not an exec API: one client at a time, input is
 * echoed, and the shell lives on after a client leaves. {@link #run} frames a command's output
 * between markers; {@link #attach} bridges a user's terminal until they type the detach key
 * (Ctrl-], as in virsh and telnet).
 */
public final class GuestConsole {

  /** Ctrl-]: leaves {@link #attach} without ending the guest's shell. */
  public static final int DETACH_KEY = 0x1d;

  private final Path socket;

  public GuestConsole(Path socket) {
    this.socket = socket;
  }

  /** The console of the VM whose files are in {@code machineFolder} (QEMU driver). */
  public static GuestConsole in(Path machineFolder) {
    return new GuestConsole(VmFile.SHELL_SOCKET.in(machineFolder));
  }

  /**
   * @param output what the command printed (stdout and stderr together), without the terminal's
   *     carriage returns
   */
  public record Result(int exitCode, String output) {}

  /**
   * Runs one shell command line in the guest and waits for it; fails when the VM is not running,
   * the console is taken, or the command does not end within {@code timeout}.
   */
  public Result run(String commandLine, Duration timeout) throws IOException {
    var id = UUID.randomUUID().toString().substring(0, 8);
    // The markers are printed by printf from split words, so the echoed command line never matches
    // them.
    var begin = "DROVER-BEGIN-" + id;
    var end = "DROVER-END-" + id;
    var framed =
        "printf '%s%s\\n' DROVER-BEGIN- "
            + id
            + "; "
            + commandLine
            + " ; printf '%s%s %d\\n' DROVER-END- "
            + id
            + " $?\n";
    var pattern =
        Pattern.compile(
            "(?s)" + Pattern.quote(begin) + "\\r?\\n(.*?)" + Pattern.quote(end) + " (\\d+)\\r?\\n");
    try (var channel = open()) {
      var deadline = System.nanoTime() + timeout.toNanos();
      // A fresh line first: a half-typed line left by an earlier client would swallow the command.
      write(channel, "\u0015\n" + framed);
      var seen = new StringBuilder();
      var buffer = ByteBuffer.allocate(8192);
      channel.configureBlocking(false);
      try (var selector = Selector.open()) {
        channel.register(selector, SelectionKey.OP_READ);
        while (true) {
          var left = (deadline - System.nanoTime()) / 1_000_000;
          if (left <= 0)
            throw new IOException(
                "the command in the VM did not finish within "
                    + timeout.toSeconds()
                    + " s: "
                    + commandLine);
          selector.select(left);
          selector.selectedKeys().clear();
          buffer.clear();
          int read = channel.read(buffer);
          if (read < 0)
            throw new IOException("the VM's console closed while running: " + commandLine);
          seen.append(new String(buffer.array(), 0, read, StandardCharsets.UTF_8));
          var match = pattern.matcher(seen);
          if (match.find()) {
            return new Result(Integer.parseInt(match.group(2)), match.group(1).replace("\r", ""));
          }
        }
      }
    }
  }

  /**
   * Bridges a terminal to the guest's shell until the user types {@link #DETACH_KEY} or {@code in}
   * ends. The caller puts its terminal in raw mode; the guest's tty echoes and handles line
   * editing.
   */
  public void attach(InputStream in, OutputStream out) throws IOException {
    try (var channel = open()) {
      var pump =
          Thread.ofVirtual()
              .name("vm-console-out")
              .start(
                  () -> {
                    try (var fromGuest = Channels.newInputStream(channel)) {
                      var bytes = new byte[8192];
                      int read;
                      while ((read = fromGuest.read(bytes)) >= 0) {
                        out.write(bytes, 0, read);
                        out.flush();
                      }
                    } catch (IOException closed) {
                      // the attach ended (detach key or end of input) or the VM stopped
                    }
                  });
      write(channel, "\n"); // a fresh prompt for the newcomer
      var bytes = new byte[1024];
      int read;
      outer:
      while ((read = in.read(bytes)) >= 0) {
        for (int i = 0; i < read; i++) {
          if (bytes[i] == DETACH_KEY) {
            if (i > 0) channel.write(ByteBuffer.wrap(bytes, 0, i));
            break outer;
          }
        }
        channel.write(ByteBuffer.wrap(bytes, 0, read));
      }
      channel.close();
      try {
        pump.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private SocketChannel open() throws IOException {
    var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw new IOException(
          "the VM's console ("
              + socket
              + ") does not answer: is the VM running under QEMU? ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static void write(SocketChannel channel, String text) throws IOException {
    var bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) channel.write(bytes);
  }
}
