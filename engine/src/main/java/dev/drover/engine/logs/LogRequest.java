package dev.drover.engine.logs;

import java.time.Instant;

/**
 * Which part of a container's log to read.
 *
 * @param since the earliest line wanted, to the nanosecond; null for the whole log
 * @param tail how many of the newest lines to start with; -1 for all of them
 * @param follow whether to keep delivering lines as the container writes them
 */
public record LogRequest(Instant since, int tail, boolean follow) {

  public static final int ALL = -1;

  public LogRequest {
    if (tail < ALL)
      throw new IllegalArgumentException("tail must be -1 (all) or at least 0, was " + tail);
  }

  /** The whole log, then every new line. */
  public static LogRequest followAll() {
    return new LogRequest(null, ALL, true);
  }
}
