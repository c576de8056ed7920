package dev.drover.vm.qemu;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows the guest's serial console, which QEMU writes to a file: keeps the last lines for error
 * reports and hands every new line to a listener (boot phases, clock re-syncs). A file rather than
 * a pipe, so the log survives a crash of QEMU or of Drover and the troubleshooting page can show
 * it.
 */
final class ConsoleLog implements AutoCloseable {

  private static final int KEPT_LINES = 400;
  private static final Duration POLL = Duration.ofMillis(200);

  private final Path file;
  private final Consumer<String> lines;
  private final ArrayDeque<String> tail = new ArrayDeque<>();
  private final Thread follower;
  private volatile boolean closed;
  private long position;
  private final StringBuilder partial = new StringBuilder();

  ConsoleLog(Path file, Consumer<String> lines) {
    this.file = file;
    this.lines = lines;
    this.follower = Thread.ofVirtual().name("vm-console").start(this::follow);
  }

  /** The last {@code count} complete lines, oldest first, without terminal control characters. */
  List<String> tail(int count) {
    readNew(); // catch up: QEMU may have written its last words just before it died
    synchronized (tail) {
      return tail.stream().skip(Math.max(0, tail.size() - count)).toList();
    }
  }

  private void follow() {
    while (!closed) {
      readNew();
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void readNew() {
    if (!Files.exists(file)) return;
    try (var in = new RandomAccessFile(file.toFile(), "r")) {
      if (in.length() < position) position = 0; // the file was replaced
      if (in.length() == position) return;
      in.seek(position);
      var bytes = new byte[(int) Math.min(in.length() - position, 1 << 20)];
      in.readFully(bytes);
      position += bytes.length;
      partial.append(new String(bytes, StandardCharsets.UTF_8));
      int newline;
      while ((newline = partial.indexOf("\n")) >= 0) {
        var line = partial.substring(0, newline).replaceAll("[\\p{Cntrl}&&[^\t]]", "");
        partial.delete(0, newline + 1);
        synchronized (tail) {
          tail.addLast(line);
          while (tail.size() > KEPT_LINES) tail.removeFirst();
        }
        lines.accept(line);
      }
    } catch (IOException e) {
      // the next poll tries again
    }
  }

  @Override
  public void close() {
    closed = true;
    follower.interrupt();
  }
}
