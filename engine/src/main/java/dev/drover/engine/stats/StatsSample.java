package dev.drover.engine.stats;

import java.time.Instant;

/**
 * One reading of a running container's resource use, as {@code docker stats} shows it.
 *
 * @param at when the engine read the counters
 * @param cpuPercent CPU use since the engine's previous reading, where 100 is one whole CPU (so up
 *     to 100 × online CPUs); 0 when there is no previous reading to compare with
 * @param memoryUsedBytes memory in use, not counting the page cache the kernel may reclaim
 * @param memoryLimitBytes the container's memory limit, or the host's memory when it has none; 0
 *     when unknown
 * @param netRxBytes bytes received on all the container's interfaces since it started (a counter)
 * @param netTxBytes bytes sent on all the container's interfaces since it started (a counter)
 */
public record StatsSample(
    Instant at,
    double cpuPercent,
    long memoryUsedBytes,
    long memoryLimitBytes,
    long netRxBytes,
    long netTxBytes) {}
