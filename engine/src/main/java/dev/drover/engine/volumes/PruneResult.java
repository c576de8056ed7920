package dev.drover.engine.volumes;

import java.util.List;

/** What a prune removed: the volumes' names and the disk space the engine says it got back. */
public record PruneResult(List<String> removed, long reclaimedBytes) {

  public PruneResult {
    removed = List.copyOf(removed);
  }

  public int count() {
    return removed.size();
  }
}
