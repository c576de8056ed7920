package dev.drover.app.ui.volumes;

import dev.drover.engine.volumes.VolumeSummary;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** One line of the Volumes table. */
public record VolumeRow(
    String name,
    String driver,
    String mountpoint,
    long sizeBytes,
    Instant created,
    List<String> usedBy) {

  private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  public VolumeRow {
    usedBy = List.copyOf(usedBy);
  }

  static VolumeRow of(VolumeSummary v) {
    return new VolumeRow(
        v.name(), v.driver(), v.mountpoint(), v.sizeBytes(), v.created(), v.usedBy());
  }

  public boolean inUse() {
    return !usedBy.isEmpty();
  }

  /** "12.3 MB", or "unknown" when the engine did not report a size. */
  public String sizeText() {
    return sizeText(sizeBytes);
  }

  public String createdText() {
    return created == null ? "" : CREATED.format(created.atZone(ZoneId.systemDefault()));
  }

  /** "unused", or the names of the containers mounting the volume. */
  public String usedByText() {
    return usedBy.isEmpty() ? "unused" : String.join(", ", usedBy);
  }

  /** Decimal units, as Docker prints them: 1 kB is 1000 bytes. */
  public static String sizeText(long bytes) {
    if (bytes < 0) return "unknown";
    if (bytes < 1000) return bytes + " B";
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }

  boolean matches(String filter) {
    if (filter.isEmpty()) return true;
    return contains(name, filter)
        || contains(driver, filter)
        || usedBy.stream().anyMatch(u -> contains(u, filter));
  }

  private static boolean contains(String text, String lowerCaseFilter) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(lowerCaseFilter);
  }
}
