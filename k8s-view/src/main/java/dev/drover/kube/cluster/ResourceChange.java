package dev.drover.kube.cluster;

import java.util.List;

/**
 * What an informer says about a kind: rows come and go, the first list is complete, or the watch
 * failed.
 */
public sealed interface ResourceChange {

  /** The object is new or changed. */
  record Upsert(ResourceRow row) implements ResourceChange {}

  /** The object with this uid is gone. */
  record Removed(String uid) implements ResourceChange {}

  /**
   * The informer's store after its first list: the whole table at once (a 5 000-pod namespace is
   * one change, not 5 000), in {@link ResourceRow#BY_KEY} order. Changes before it in the same
   * stream are superseded by it; changes after it apply on top.
   */
  record Listed(List<ResourceRow> rows) implements ResourceChange {
    public Listed {
      rows = List.copyOf(rows);
    }
  }

  /** The informer cannot list or watch; it keeps retrying where that can help. */
  record Failed(ClusterProblem problem) implements ResourceChange {}
}
