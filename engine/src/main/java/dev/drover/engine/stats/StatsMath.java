package dev.drover.engine.stats;

import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the engine's raw counters ({@code GET /containers/{id}/stats}) into the figures {@code
 * docker stats} shows, computed the way the Docker CLI computes them
 * (cli/command/container/stats_helpers.go).
 */
public final class StatsMath {

  /** The engine reports a stopped container with zero counters read at Go's zero time. */
  private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private StatsMath() {}

  /**
   * The sample in {@code stats}; empty when it describes no running container (dockerd keeps
   * sending empty readings, read at the zero time, once a container has stopped).
   */
  public static Optional<StatsSample> sample(Statistics stats) {
    if (stats == null) return Optional.empty();
    var at = readAt(stats.getRead());
    if (!at.isAfter(ZERO_TIME)) return Optional.empty();
    var memory = stats.getMemoryStats();
    return Optional.of(
        new StatsSample(
            at,
            cpuPercent(stats),
            memoryUsed(memory),
            memoryLimit(memory),
            netRx(stats),
            netTx(stats)));
  }

  /**
   * CPU use between the previous reading ({@code precpu_stats}) and this one: the container's CPU
   * time delta over the host's CPU time delta, times the online CPUs, in percent. 0 when there is
   * no previous reading (the first sample of a stream) or nothing moved.
   */
  public static double cpuPercent(Statistics stats) {
    return cpuPercent(stats.getPreCpuStats(), stats.getCpuStats());
  }

  /**
   * CPU use between two readings of the CPU counters: the container's CPU time delta over the
   * host's CPU time delta, times the online CPUs (or, from engines that do not say, the per-CPU
   * counters), in percent. 0 when {@code before} is missing or empty, or nothing moved.
   */
  public static double cpuPercent(CpuStatsConfig before, CpuStatsConfig now) {
    if (now == null || before == null) return 0;
    long previousSystem = value(before.getSystemCpuUsage());
    if (previousSystem == 0) return 0;
    double cpuDelta = (double) totalUsage(now) - totalUsage(before);
    double systemDelta = (double) value(now.getSystemCpuUsage()) - previousSystem;
    double onlineCpus = value(now.getOnlineCpus());
    if (onlineCpus == 0
        && now.getCpuUsage() != null
        && now.getCpuUsage().getPercpuUsage() != null) {
      onlineCpus = now.getCpuUsage().getPercpuUsage().size();
    }
    if (systemDelta <= 0 || cpuDelta <= 0) return 0;
    return cpuDelta / systemDelta * onlineCpus * 100.0;
  }

  /**
   * Whether {@code stats} carries the previous reading's CPU counters (dockerd's do, Podman's
   * one-shot do not).
   */
  public static boolean hasPreviousCpu(Statistics stats) {
    return stats != null
        && stats.getPreCpuStats() != null
        && value(stats.getPreCpuStats().getSystemCpuUsage()) != 0;
  }

  /**
   * The sample in {@code now} with its CPU use measured since {@code before}, an earlier reading.
   */
  public static Optional<StatsSample> sampleSince(Statistics before, Statistics now) {
    return sample(now)
        .map(
            sample ->
                new StatsSample(
                    sample.at(),
                    before == null ? 0 : cpuPercent(before.getCpuStats(), now.getCpuStats()),
                    sample.memoryUsedBytes(),
                    sample.memoryLimitBytes(),
                    sample.netRxBytes(),
                    sample.netTxBytes()));
  }

  /**
   * Memory in use without the reclaimable file cache, as the Docker CLI has shown it since 20.10:
   * usage minus {@code total_inactive_file} on cgroup v1, minus {@code inactive_file} on cgroup v2
   * (each only when smaller than the usage), else the usage itself.
   */
  public static long memoryUsed(MemoryStatsConfig memory) {
    if (memory == null) return 0;
    long usage = value(memory.getUsage());
    var stats = memory.getStats();
    if (stats == null) return usage;
    var cgroupV1Inactive = stats.getTotalInactiveFile();
    if (cgroupV1Inactive != null && cgroupV1Inactive < usage) return usage - cgroupV1Inactive;
    var cgroupV2Inactive = stats.getInactiveFile();
    if (cgroupV2Inactive != null && cgroupV2Inactive < usage) return usage - cgroupV2Inactive;
    return usage;
  }

  public static long memoryLimit(MemoryStatsConfig memory) {
    return memory == null ? 0 : value(memory.getLimit());
  }

  /** Bytes received, summed over every interface. */
  public static long netRx(Statistics stats) {
    long sum = 0;
    for (var network : networks(stats).values())
      if (network != null) sum += value(network.getRxBytes());
    return sum;
  }

  /** Bytes sent, summed over every interface. */
  public static long netTx(Statistics stats) {
    long sum = 0;
    for (var network : networks(stats).values())
      if (network != null) sum += value(network.getTxBytes());
    return sum;
  }

  private static Map<String, StatisticNetworksConfig> networks(Statistics stats) {
    var networks = stats.getNetworks();
    if (networks == null) networks = stats.getNetwork(); // engines before API 1.21 said "network"
    return networks == null ? Map.of() : networks;
  }

  private static long totalUsage(CpuStatsConfig cpu) {
    return cpu.getCpuUsage() == null ? 0 : value(cpu.getCpuUsage().getTotalUsage());
  }

  private static long value(Long value) {
    return value == null ? 0 : value;
  }

  /** When the engine read the counters; now, for an engine that does not say or says it oddly. */
  private static Instant readAt(String read) {
    if (read == null || read.isBlank()) return Instant.now();
    try {
      return Instant.parse(read);
    } catch (DateTimeException unparseable) {
      return Instant.now();
    }
  }
}
