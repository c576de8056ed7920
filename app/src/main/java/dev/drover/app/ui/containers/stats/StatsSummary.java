package dev.drover.app.ui.containers.stats;

import java.util.Locale;

/**
 * Resource figures as {@code docker stats} prints them: "12.3 %", "45.6 MiB / 1.0 GiB", "1.2
 * KiB/s". For the stats view and the CPU and memory columns of the containers table.
 */
public final class StatsSummary {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private StatsSummary() {}

  /** CPU use where 100 % is one whole CPU: "12.3 %". */
  public static String cpu(double percent) {
    if (!Double.isFinite(percent) || percent < 0) percent = 0;
    return String.format(Locale.ROOT, "%.1f %%", percent);
  }

  /** "45.6 MiB / 1.0 GiB"; only the use when the limit is unknown (0 or less). */
  public static String memory(long used, long limit) {
    var use = bytes(used);
    return limit > 0 ? use + " / " + bytes(limit) : use;
  }

  /** A size in binary units: "512 B", "45.6 MiB". */
  public static String bytes(long bytes) {
    if (bytes < 1024) return Math.max(0, bytes) + " B";
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    // 1023.96 MiB would print as "1024.0 MiB": say "1.0 GiB" instead.
    if (value >= 1023.95 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** A transfer rate: "1.2 KiB/s". */
  public static String rate(double bytesPerSecond) {
    if (!Double.isFinite(bytesPerSecond) || bytesPerSecond < 0) bytesPerSecond = 0;
    return bytes(Math.round(bytesPerSecond)) + "/s";
  }
}
