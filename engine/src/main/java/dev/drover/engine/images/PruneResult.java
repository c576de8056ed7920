package dev.drover.engine.images;

/** What a prune removed: how many images and how many bytes the engine got back. */
public record PruneResult(int imagesRemoved, long bytesReclaimed) {}
