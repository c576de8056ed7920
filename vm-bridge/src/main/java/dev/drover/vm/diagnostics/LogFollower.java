package dev.drover.vm.diagnostics;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Follows a log file the VM writes (its console, its hypervisor's messages) for the Troubleshooting
 * page: first its last lines, then every new line. A file rather than a stream, so a poll of its
 * length (there is no event for "a line was appended" across platforms); a file replaced by a new
 * boot is read from its start.
 */
public final class LogFollower implements AutoCloseable {

  private final Path file;
  private final int initialLines;
  private final Consumer<String> lines;
  private final Duration poll;
  private final Thread thread;
  private volatile boolean closed;
  private long position = -1;
  private final StringBuilder partial = new StringBuilder();

  /** Starts following; {@code lines} is called on the follower's thread, one line at a time. */
  public LogFollower(Path file, int initialLines, Duration poll, Consumer<String> lines) {
    this.file = file;
    this.initialLines = initialLines;
    this.lines = lines;
    this.poll = poll;
    this.thread = Thread.ofVirtual().name("log-follower").start(this::follow);
  }

  private void follow() {
    while (!closed) {
      readNew();
      try {
        Thread.sleep(poll);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void readNew() {
    if (!Files.exists(file)) return;
    try (var in = new RandomAccessFile(file.toFile(), "r")) {
      var length = in.length();
      if (position < 0) {
        // the first look: only the end of a long log
        position = Math.max(0, length - 256L * initialLines);
        var skipPartialFirstLine = position > 0;
        in.seek(position);
        var bytes = new byte[(int) (length - position)];
        in.readFully(bytes);
        position = length;
        var text = new String(bytes, StandardCharsets.UTF_8);
        if (skipPartialFirstLine && text.indexOf('\n') >= 0)
          text = text.substring(text.indexOf('\n') + 1);
        var last = new ArrayDeque<String>();
        partial.append(text);
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
          last.addLast(clean(partial.substring(0, newline)));
          partial.delete(0, newline + 1);
          if (last.size() > initialLines) last.removeFirst();
        }
        last.forEach(lines);
        return;
      }
      if (length < position) { // a new boot replaced the file
        position = 0;
        partial.setLength(0);
      }
      if (length == position) return;
      in.seek(position);
      var bytes = new byte[(int) Math.min(length - position, 1 << 20)];
      in.readFully(bytes);
      position += bytes.length;
      partial.append(new String(bytes, StandardCharsets.UTF_8));
      int newline;
      while ((newline = partial.indexOf("\n")) >= 0) {
        lines.accept(clean(partial.substring(0, newline)));
        partial.delete(0, newline + 1);
      }
    } catch (IOException e) {
      // the next poll tries again
    }
  }

  /** Without terminal control characters (the console has colours and carriage returns). */
  static String clean(String line) {
    return line.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replaceAll("[\\p{Cntrl}&&[^\t]]", "");
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
