package dev.drover.engine.logs;

import java.time.Instant;

/**
 * One line a container wrote, without its line ending.
 *
 * @param timestamp when the engine received the line (the engine's clock, nanosecond precision)
 * @param text the line as written, ANSI escape sequences included
 */
public record LogLine(Stream stream, Instant timestamp, String text) {

  /** Which output the line came from; a TTY container's single stream counts as standard output. */
  public enum Stream {
    STDOUT,
    STDERR
  }
}
