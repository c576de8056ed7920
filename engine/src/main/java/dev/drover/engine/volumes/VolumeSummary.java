package dev.drover.engine.volumes;

import java.time.Instant;
import java.util.List;

/**
 * One volume as the engine lists it.
 *
 * @param created when the engine created it; null when the engine does not say
 * @param sizeBytes what it holds on disk, from the engine's disk-usage report; -1 when unknown
 * @param usedBy names of the containers, running or not, that mount it, sorted
 */
public record VolumeSummary(
    String name,
    String driver,
    String mountpoint,
    Instant created,
    long sizeBytes,
    List<String> usedBy) {

  public VolumeSummary {
    usedBy = List.copyOf(usedBy);
  }

  public boolean inUse() {
    return !usedBy.isEmpty();
  }
}
