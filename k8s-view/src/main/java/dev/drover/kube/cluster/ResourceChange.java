package dev.drover.kube.cluster;

/** What an informer says about a kind: rows come and go, the first list is complete, or the watch failed. */
public sealed interface ResourceChange {

    /** The object is new or changed. */
    record Upsert(ResourceRow row) implements ResourceChange {
    }

    /** The object with this uid is gone. */
    record Removed(String uid) implements ResourceChange {
    }

    /** The first list has been delivered: an empty table now means there are none. */
    record Synced() implements ResourceChange {
    }

    /** The informer cannot list or watch; it keeps retrying where that can help. */
    record Failed(ClusterProblem problem) implements ResourceChange {
    }
}
