package dev.drover.app.ui.containers.logs;

import dev.drover.engine.logs.LogLine;
import java.time.Instant;
import java.util.List;

/**
 * A log line as the logs view shows it. Its readable text (escape sequences removed) is worked out
 * once, on the stream thread, when the line arrives; its styled segments only when a cell shows it,
 * since of a flood of lines most are never on screen. A line without escape sequences keeps the
 * engine's string as its text.
 *
 * <p>The view keeps up to its buffer of these (100 000 by default) and, during a flood, replaces
 * them as fast as the engine writes: every young collection copies the ones still alive. So an
 * entry is one object beside its text, holding the time stamp as numbers rather than the engine
 * line and its {@link Instant} (three objects fewer a line, and about half the bytes of the entry),
 * which it makes again on demand.
 */
public final class LogEntry {

  private final String raw;
  private final String text;
  private final long epochSecond;
  private final int nano;
  private final boolean stderr;

  private LogEntry(String raw, String text, long epochSecond, int nano, boolean stderr) {
    this.raw = raw;
    this.text = text;
    this.epochSecond = epochSecond;
    this.nano = nano;
    this.stderr = stderr;
  }

  public static LogEntry of(LogLine line) {
    var timestamp = line.timestamp();
    return new LogEntry(
        line.text(),
        AnsiText.strip(line.text()),
        timestamp.getEpochSecond(),
        timestamp.getNano(),
        line.stream() == LogLine.Stream.STDERR);
  }

  /** The line as the engine gave it. */
  public LogLine line() {
    return new LogLine(stderr ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT, timestamp(), raw);
  }

  /** The readable text: the line without its escape sequences. */
  public String text() {
    return text;
  }

  /** The line's runs of text in their styles; empty for an empty line. */
  public List<AnsiText.Segment> segments() {
    return AnsiText.parse(raw);
  }

  public boolean stderr() {
    return stderr;
  }

  public Instant timestamp() {
    return Instant.ofEpochSecond(epochSecond, nano);
  }

  /** Whether this line was written at the same instant as {@code other}. */
  boolean sameInstant(LogEntry other) {
    return epochSecond == other.epochSecond && nano == other.nano;
  }

  /** Whether the readable text holds {@code needle}, ignoring case. */
  public boolean contains(String needle) {
    int last = text.length() - needle.length();
    for (int i = 0; i <= last; i++) {
      if (text.regionMatches(true, i, needle, 0, needle.length())) return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "LogEntry[" + line() + "]";
  }
}
