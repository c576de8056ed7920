package dev.drover.engine.logs;

import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the chunks docker-java delivers into whole lines. A chunk may hold several lines or end in
 * the middle of one (docker-java hands frames on in pieces of at most 1 KiB, and a TTY container's
 * raw stream in arbitrary pieces), so each stream keeps its unfinished line until the rest arrives.
 * Lines are cut at LF, a CR before it is dropped, and bytes are decoded only once the line is
 * whole, so a character split between chunks survives.
 *
 * <p>Not thread-safe: one assembler per stream, fed from the stream's thread.
 */
final class LogLineAssembler {

  /** A line that never ends is delivered in pieces of this size rather than held forever. */
  static final int MAX_LINE_BYTES = 1 << 20;

  private final Map<StreamType, Pending> pending = new EnumMap<>(StreamType.class);

  /** Adds a chunk of {@code type} and hands every line it completes to {@code out}. */
  void accept(StreamType type, byte[] payload, Consumer<LogLine> out) {
    var line = pending.computeIfAbsent(type, t -> new Pending());
    var stream = type == StreamType.STDERR ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
    int start = 0;
    if (line.length > 0 && type != StreamType.RAW) {
      // The engine splits a line longer than 16 KiB into partial messages and, asked for
      // timestamps, stamps
      // every part: the stamp of a continuation is not part of the text. A raw stream is cut at
      // random, so
      // there a leading timestamp cannot be told from text.
      int text = DockerTimestamps.textStart(payload, 0, payload.length);
      if (text > 0) start = text;
    }
    for (int i = start; i < payload.length; i++) {
      if (payload[i] != '\n') continue;
      line.append(payload, start, i - start);
      out.accept(line.take(stream));
      start = i + 1;
    }
    line.append(payload, start, payload.length - start);
    if (line.length >= MAX_LINE_BYTES) out.accept(line.take(stream));
  }

  /** Hands on the unfinished lines, when the stream has ended and no rest will come. */
  void flush(Consumer<LogLine> out) {
    for (var entry : pending.entrySet()) {
      if (entry.getValue().length == 0) continue;
      out.accept(
          entry
              .getValue()
              .take(
                  entry.getKey() == StreamType.STDERR
                      ? LogLine.Stream.STDERR
                      : LogLine.Stream.STDOUT));
    }
  }

  private static final class Pending {
    private byte[] bytes = new byte[256];
    private int length;
    private Instant lastTimestamp;

    void append(byte[] source, int from, int count) {
      if (count <= 0) return;
      if (length + count > bytes.length)
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
      System.arraycopy(source, from, bytes, length, count);
      length += count;
    }

    LogLine take(LogLine.Stream stream) {
      int end = length;
      if (end > 0 && bytes[end - 1] == '\r') end--;
      // Read once: this runs for every line of a possibly huge log.
      int space = DockerTimestamps.spaceAfter(bytes, 0, end);
      var timestamp = space < 0 ? null : DockerTimestamps.parse(bytes, 0, space);
      int textStart;
      if (timestamp != null) {
        textStart = space + 1;
      } else {
        // Only a line cut for its length or an engine without timestamps gets here: keep the order.
        timestamp = lastTimestamp != null ? lastTimestamp : Instant.now();
        textStart = 0;
      }
      lastTimestamp = timestamp;
      var text = new String(bytes, textStart, Math.max(0, end - textStart), StandardCharsets.UTF_8);
      length = 0;
      if (bytes.length > 64 * 1024) bytes = new byte[256];
      return new LogLine(stream, timestamp, text);
    }
  }
}
