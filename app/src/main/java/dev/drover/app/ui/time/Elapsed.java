package dev.drover.app.ui.time;

import java.time.Duration;

/**
 * How a table says how long ago something happened, and when that text next changes: each text
 * counts in one unit at a time (seconds in the first minute, then minutes, hours, days…), so it
 * changes once per unit and no sooner.
 */
public enum Elapsed {

  /**
   * Docker's words, as in "Up 5 seconds" and "Exited (0) About a minute ago", the same as the
   * engine's own for the same time (from an hour on it rounds to the nearest hour, as Docker does).
   */
  WORDS {
    @Override
    String words(long seconds) {
      if (seconds < 1) return "Less than a second";
      if (seconds < 60) return plural(seconds, "second");
      var minutes = seconds / 60;
      if (minutes == 1) return "About a minute";
      if (minutes < 60) return plural(minutes, "minute");
      var hours = (seconds + 1_800) / 3_600;
      if (hours == 1) return "About an hour";
      if (hours < 48) return plural(hours, "hour");
      if (hours < 24 * 14) return plural(hours / 24, "day");
      if (hours < 24 * 60) return plural(hours / 24 / 7, "week");
      if (hours < 24 * 730) return plural(hours / 24 / 30, "month");
      return plural(seconds / DAY / 365, "year");
    }
  },

  /** As kubectl's AGE column: "45s", "12m", "5h", "3d". */
  SHORT {
    @Override
    String words(long seconds) {
      if (seconds < 120) return seconds + "s";
      if (seconds < 120 * 60) return seconds / 60 + "m";
      if (seconds < 48 * 3_600) return seconds / 3_600 + "h";
      return seconds / DAY + "d";
    }
  },

  /**
   * "just now", "3 minutes ago", "2 days ago": when an image or a containerd container was made.
   */
  AGO {
    @Override
    String words(long seconds) {
      if (seconds < 60) return "just now";
      if (seconds < 3_600) return plural(seconds / 60, "minute") + " ago";
      if (seconds < 48 * 3_600) return plural(seconds / 3_600, "hour") + " ago";
      var days = seconds / DAY;
      if (days < 14) return plural(days, "day") + " ago";
      if (days < 60) return plural(days / 7, "week") + " ago";
      if (days < 730) return plural(days / 30, "month") + " ago";
      return plural(days / 365, "year") + " ago";
    }
  };

  private static final long DAY = 86_400;

  /** The text for whole seconds; it never returns to an earlier text as the seconds grow. */
  abstract String words(long seconds);

  /**
   * The text for {@code elapsed}; a negative one (a clock running behind the engine's) reads as
   * none.
   */
  public String text(Duration elapsed) {
    return words(seconds(elapsed));
  }

  /**
   * The elapsed time at which the text for {@code elapsed} next changes, to the second. Found by
   * search, since the text only ever moves on: doubling steps to a second with another text, then
   * halving back to the first one.
   */
  public Duration nextChange(Duration elapsed) {
    var from = seconds(elapsed);
    var now = words(from);
    long same = from;
    long step = 1;
    long other = from + step;
    while (words(other).equals(now)) {
      same = other;
      if (step > Long.MAX_VALUE / 4 || other > Long.MAX_VALUE / 2)
        return Duration.ofSeconds(Long.MAX_VALUE);
      step *= 2;
      other = from + step;
    }
    while (other - same > 1) {
      var middle = same + (other - same) / 2;
      if (words(middle).equals(now)) same = middle;
      else other = middle;
    }
    return Duration.ofSeconds(other);
  }

  private static long seconds(Duration elapsed) {
    return Math.max(0, elapsed.getSeconds());
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
