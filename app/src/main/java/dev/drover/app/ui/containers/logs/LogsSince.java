package dev.drover.app.ui.containers.logs;

import java.time.Duration;

/** How far back the logs view reads. */
public enum LogsSince {
  ALL("All", null),
  LAST_5_MINUTES("Last 5 minutes", Duration.ofMinutes(5)),
  LAST_HOUR("Last hour", Duration.ofHours(1)),
  LAST_24_HOURS("Last 24 hours", Duration.ofHours(24));

  private final String label;
  private final Duration window;

  LogsSince(String label, Duration window) {
    this.label = label;
    this.window = window;
  }

  public String label() {
    return label;
  }

  /** How far back from now; null for the whole log. */
  public Duration window() {
    return window;
  }

  @Override
  public String toString() {
    return label;
  }
}
