package dev.drover.app.desktop;

import dev.drover.vm.ReadDeadline;
import dev.drover.vm.instance.VmLock;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One Drover per user: a second launch (the desktop icon clicked again, the login item while Drover
 * runs) brings the running Drover's window to the front and ends, instead of starting a second app
 * with a second tray icon fighting over the same VM. The first launch owns an OS file lock in
 * {@code folder} (released by the OS however the process ends, so there is nothing stale to clean
 * up) and listens on a unix socket beside it; later launches find the lock taken and ask over the
 * socket.
 *
 * <p>The folder is made user-only (0700) and the socket is made inside it, so only this user can
 * ask. A request is one line, {@code open}; the answer is {@code shown <pid>} once the window is
 * up, {@code busy <pid>} when it did not come up in time, or {@code quitting <pid>} while that
 * Drover quits (the launch then waits for it to end and becomes Drover itself). No JavaFX here: the
 * launcher checks before it loads the toolkit, which is what keeps a second launch quick.
 */
public final class SingleInstance implements AutoCloseable {

  static final String LOCK_FILE = "app.lock";

  /** How long a launch waits for a quitting Drover (which may be stopping its VM) to end. */
  static final Duration QUIT_PATIENCE = Duration.ofSeconds(90);

  static final String SOCKET_FILE = "app.sock";
  private static final String OPEN = "open";
  private static final int MAX_LINE = 256;

  /** How a launch went: this process is Drover now, or the running one was asked to show itself. */
  public sealed interface Claim permits Owner, HandedOver {}

  /** This process is the one Drover: {@link #listen} once the window can be shown. */
  public record Owner(SingleInstance instance) implements Claim {}

  /** Drover already runs as {@code pid} and has brought its window to the front. */
  public record HandedOver(long pid) implements Claim {}

  /**
   * Drover runs (it holds the lock) but did not answer: starting a second one would fight it over
   * the VM.
   */
  public static final class NotAnswering extends IOException {
    NotAnswering(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The running Drover is quitting. */
  private static final class Quitting extends IOException {
    final long pid;

    Quitting(long pid) {
      super("Drover (pid " + pid + ") is quitting");
      this.pid = pid;
    }
  }

  private final VmLock lock;
  private final Path socketFile;
  private final ServerSocketChannel server;
  private volatile boolean quitting;

  private SingleInstance(VmLock lock, Path socketFile, ServerSocketChannel server) {
    this.lock = lock;
    this.socketFile = socketFile;
    this.server = server;
  }

  /**
   * Becomes the one Drover of {@code folder}, or asks the one running to show its window.
   *
   * @param patience how long to wait for a running Drover to answer (it may itself be starting)
   * @throws NotAnswering when Drover runs but does not answer within {@code patience}, with what to
   *     do about it
   * @throws IOException when the folder cannot be made or the lock or socket cannot be set up
   */
  public static Claim claim(Path folder, Duration patience) throws IOException {
    makeUserOnlyFolder(folder);
    var lockFile = folder.resolve(LOCK_FILE);
    var socketFile = folder.resolve(SOCKET_FILE);
    long deadline = System.nanoTime() + patience.toNanos();
    IOException lastFailure = null;
    do {
      var lock = VmLock.tryAcquire(lockFile);
      if (lock.isPresent()) return new Owner(bind(lock.get(), socketFile));
      try {
        return new HandedOver(
            askToOpen(socketFile, Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
      } catch (Quitting running) {
        // Asked while it quits: the next Drover is this one, once the last one has let go.
        var released = VmLock.acquire(lockFile, QUIT_PATIENCE);
        if (released.isPresent()) return new Owner(bind(released.get(), socketFile));
        throw new NotAnswering(
            "Drover is still quitting (pid "
                + running.pid
                + ") after "
                + QUIT_PATIENCE.toSeconds()
                + " s. Start Drover again once it has ended.",
            running);
      } catch (NotAnswering busy) {
        throw busy;
      } catch (IOException notYetListening) {
        // The owner takes the lock a moment before it listens, or has just ended: look again.
        lastFailure = notYetListening;
        sleepBriefly();
      }
    } while (System.nanoTime() < deadline);
    var pid = VmLock.ownerPid(lockFile);
    throw new NotAnswering(
        "Drover is already running"
            + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "")
            + " but did not answer within "
            + patience.toMillis()
            + " ms ("
            + lastFailure.getMessage()
            + "). "
            + "If that Drover hangs, end it and start Drover again.",
        lastFailure);
  }

  /**
   * Calls {@code onOpen} (on a background thread) for every later launch's request, and answers it.
   * Call once. {@code onOpen} returns once the window is up; it throws when the window did not come
   * up in time (the launch is then told this Drover is busy).
   */
  public void listen(Runnable onOpen) {
    Thread.ofVirtual()
        .name("single-instance")
        .start(
            () -> {
              while (server.isOpen()) {
                SocketChannel peer;
                try {
                  peer = server.accept();
                } catch (ClosedChannelException closed) {
                  return;
                } catch (IOException e) {
                  if (!server.isOpen()) return;
                  // Out of file handles, say: no busy loop while it lasts.
                  sleepQuietly();
                  continue;
                }
                Thread.ofVirtual().name("single-instance-peer").start(() -> answer(peer, onOpen));
              }
            });
  }

  /**
   * From now on later launches are told this Drover is quitting and wait for it to end; the lock
   * stays until {@link #close}.
   */
  public void quitting() {
    quitting = true;
  }

  private void answer(SocketChannel peer, Runnable onOpen) {
    try (peer) {
      var request = readLine(peer, Duration.ofSeconds(2), Thread.ofVirtual());
      if (!OPEN.equals(request)) return;
      var pid = ProcessHandle.current().pid();
      String answer;
      if (quitting) {
        answer = "quitting " + pid;
      } else {
        try {
          onOpen.run();
          answer = "shown " + pid;
        } catch (RuntimeException notShown) {
          answer = "busy " + pid;
        }
      }
      peer.write(StandardCharsets.UTF_8.encode(answer + "\n"));
    } catch (IOException | TimeoutException | RuntimeException ignored) {
      // A peer that goes away or says something else is not ours to serve; the next launch asks
      // again.
    }
  }

  /** Stops answering and lets the next launch become Drover. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // Closing a listening socket does not fail in a way that matters here.
    }
    try {
      Files.deleteIfExists(socketFile);
    } catch (IOException ignored) {
      // A socket file left behind is replaced by the next owner.
    }
    lock.close();
  }

  private static SingleInstance bind(VmLock lock, Path socketFile) throws IOException {
    // Only the lock's holder gets here: nobody else touches the socket file meanwhile.
    try {
      // Holding the lock, any socket file is a dead owner's.
      Files.deleteIfExists(socketFile);
      var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socketFile));
      return new SingleInstance(lock, socketFile, server);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static long askToOpen(Path socketFile, Duration patience) throws IOException {
    try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socketFile));
      channel.write(StandardCharsets.UTF_8.encode(OPEN + "\n"));
      // A platform thread: a second launch's JVM would otherwise start the virtual-thread scheduler
      // for one read.
      var answer = readLine(channel, patience, Thread.ofPlatform().daemon());
      if (answer != null && answer.startsWith("shown ")) return pidIn(answer);
      if (answer != null && answer.startsWith("quitting ")) throw new Quitting(pidIn(answer));
      if (answer != null && answer.startsWith("busy ")) {
        throw new NotAnswering(
            "Drover is already running (pid "
                + pidIn(answer)
                + ") but its window did not come up. "
                + "If that Drover hangs, end it and start Drover again.",
            null);
      }
      throw new IOException(
          "the running Drover answered " + (answer == null ? "nothing" : "'" + answer + "'"));
    } catch (TimeoutException e) {
      throw new IOException("no answer from " + socketFile, e);
    }
  }

  private static long pidIn(String answer) throws IOException {
    try {
      return Long.parseLong(answer.substring(answer.indexOf(' ') + 1).strip());
    } catch (NumberFormatException e) {
      throw new IOException("the running Drover's answer has no pid: '" + answer + "'", e);
    }
  }

  /**
   * One line from {@code channel}, or null at its end; a unix channel has no read time-out of its
   * own.
   */
  private static String readLine(SocketChannel channel, Duration patience, Thread.Builder watchdogs)
      throws IOException, TimeoutException {
    try (var deadline =
        ReadDeadline.after(patience, channel, watchdogs.name("single-instance-patience"))) {
      var buffer = ByteBuffer.allocate(MAX_LINE);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) break;
        int newline = indexOf(buffer, (byte) '\n');
        if (newline >= 0) return new String(buffer.array(), 0, newline, StandardCharsets.UTF_8);
      }
      return buffer.position() == 0
          ? null
          : new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (AsynchronousCloseException cutShort) {
      throw new TimeoutException("no answer within " + patience.toMillis() + " ms");
    }
  }

  private static int indexOf(ByteBuffer buffer, byte wanted) {
    for (int i = 0; i < buffer.position(); i++) if (buffer.get(i) == wanted) return i;
    return -1;
  }

  private static void makeUserOnlyFolder(Path folder) throws IOException {
    Files.createDirectories(folder);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepBriefly() throws IOException {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while looking for the running Drover", e);
    }
  }
}
