package dev.drover.app.ui.containers.logs;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a {@link LogsViewModel} paces a log: how many lines it keeps and how it hands a flood of
 * lines to the window. The app uses {@link #defaults()} with the user's buffer size; tests change
 * one value at a time with the {@code with…} methods.
 *
 * @param maxLines the most lines kept; the oldest go first. Always positive
 * @param clock where "since 10 minutes ago" is measured from
 * @param pauseAbove the most lines waiting for the window before the stream thread pauses
 * @param floodFrame while lines pour in, the list changes at most once in this long; zero: in every
 *     UI turn
 * @param nanoTime the monotonic clock the flood frame is measured with
 * @param lineHandoverGap lines reach the UI thread at most once in this long; zero: whenever it is
 *     free
 */
public record LogsTuning(
    int maxLines,
    Clock clock,
    int pauseAbove,
    Duration floodFrame,
    LongSupplier nanoTime,
    Duration lineHandoverGap) {

  /** As many lines as the settings keep unless the user chooses otherwise. */
  static final int MAX_LINES = 100_000;

  /**
   * While lines pour in, the list changes at most once in this long. Each change costs the window a
   * layout of the list (the list view measures every line it holds when their number changes) and a
   * repaint; a flood that changed it in every frame spent the UI thread's time on frames nobody can
   * read.
   */
  static final Duration FLOOD_FRAME = Duration.ofMillis(50);

  /**
   * The most lines waiting for the UI before the stream thread pauses: what the engine sends in
   * about three flood frames at full speed, so that a read the window keeps up with never waits. A
   * flood the window cannot keep up with is read at the window's pace, and this process leaves the
   * cores the window needs to paint.
   */
  static final int PAUSE_ABOVE = 50_000;

  /**
   * Lines reach the UI thread at most once a 60 Hz frame. Handed over whenever the UI thread was
   * free, a flood took thousands of UI turns a second (each a wake-up of the toolkit's event loop)
   * to move lines that only enter the list once a flood frame.
   */
  static final Duration LINE_HANDOVER_GAP = Duration.ofMillis(16);

  public LogsTuning {
    if (maxLines <= 0)
      throw new IllegalArgumentException("the log buffer needs room for a line, was " + maxLines);
    if (pauseAbove <= 0)
      throw new IllegalArgumentException(
          "the stream needs room for a waiting line, was " + pauseAbove);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(nanoTime, "nanoTime");
    if (floodFrame.isNegative())
      throw new IllegalArgumentException("the flood frame cannot be negative, was " + floodFrame);
    if (lineHandoverGap.isNegative())
      throw new IllegalArgumentException(
          "the line hand-over gap cannot be negative, was " + lineHandoverGap);
  }

  /** What the window uses: paced for a person reading, on the system clocks. */
  public static LogsTuning defaults() {
    return new LogsTuning(
        MAX_LINES,
        Clock.systemUTC(),
        PAUSE_ABOVE,
        FLOOD_FRAME,
        System::nanoTime,
        LINE_HANDOVER_GAP);
  }

  public LogsTuning withMaxLines(int maxLines) {
    return new LogsTuning(maxLines, clock, pauseAbove, floodFrame, nanoTime, lineHandoverGap);
  }

  public LogsTuning withClock(Clock clock) {
    return new LogsTuning(maxLines, clock, pauseAbove, floodFrame, nanoTime, lineHandoverGap);
  }

  public LogsTuning withPauseAbove(int pauseAbove) {
    return new LogsTuning(maxLines, clock, pauseAbove, floodFrame, nanoTime, lineHandoverGap);
  }

  public LogsTuning withFloodFrame(Duration floodFrame) {
    return new LogsTuning(maxLines, clock, pauseAbove, floodFrame, nanoTime, lineHandoverGap);
  }

  public LogsTuning withNanoTime(LongSupplier nanoTime) {
    return new LogsTuning(maxLines, clock, pauseAbove, floodFrame, nanoTime, lineHandoverGap);
  }

  public LogsTuning withLineHandoverGap(Duration lineHandoverGap) {
    return new LogsTuning(maxLines, clock, pauseAbove, floodFrame, nanoTime, lineHandoverGap);
  }
}
