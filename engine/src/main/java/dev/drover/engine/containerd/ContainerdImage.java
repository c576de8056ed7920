package dev.drover.engine.containerd;

import java.time.Instant;

/**
 * One image in a containerd namespace.
 *
 * @param namespace the containerd namespace
 * @param name its full name, e.g. "docker.io/library/busybox:1.36"
 * @param digest the digest of its manifest (or index)
 * @param size its content size in bytes as stored (compressed layers), 0 when unknown
 * @param created when it was added
 */
public record ContainerdImage(
    String namespace, String name, String digest, long size, Instant created) {}
