package dev.drover.engine.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.DOUBLE;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.Statistics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link StatsMath} on readings the engines really sent ({@code GET
 * /containers/{id}/stats?stream=false}, recorded from dockerd 20.10 on cgroup v1 and Podman 4.3 for
 * a busybox container in a busy loop) and on a hand-written cgroup v2 reading in dockerd's shape.
 * Expected figures are worked out by hand from the JSON, the way {@code docker stats} works them
 * out.
 */
class StatsMathTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static Statistics reading(String name) {
    try (var in = StatsMathTest.class.getResourceAsStream(name + ".json")) {
      assertThat(in).as(name).isNotNull();
      return JSON.readValue(in, Statistics.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void cpuPercentIsTheContainersShareOfTheHostsCpuTimeTimesOnlineCpus() {
    // (1510177261 - 1347981238) / (5888080000000 - 5886010000000) × 2 × 100
    assertThat(StatsMath.cpuPercent(reading("dockerd-cgroup1-busy1")))
        .isCloseTo(15.671, within(0.001));
    // 320712076 / 2040000000 × 2 × 100, and 485784702 / 2100000000 × 2 × 100
    assertThat(StatsMath.cpuPercent(reading("dockerd-cgroup1-busy2")))
        .isCloseTo(31.442, within(0.001));
    assertThat(StatsMath.cpuPercent(reading("dockerd-cgroup1-busy3")))
        .isCloseTo(46.265, within(0.001));
  }

  @Test
  void cpuPercentOnCgroupV2WithoutPerCpuCountersUsesOnlineCpus() {
    // 500000000 / 4000000000 × 4 × 100
    assertThat(StatsMath.cpuPercent(reading("dockerd-cgroup2-handwritten")))
        .isCloseTo(50.0, within(1e-9));
  }

  @Test
  void theFirstReadingWithoutPreviousCountersShowsNoCpuUse() {
    var first = reading("dockerd-cgroup1-first");
    assertThat(first.getPreCpuStats().getSystemCpuUsage())
        .as("precpu is empty in this reading")
        .isNull();

    assertThat(StatsMath.cpuPercent(first)).isZero();
    assertThat(StatsMath.sample(first)).get().extracting(StatsSample::cpuPercent).isEqualTo(0.0);
  }

  @Test
  void onlineCpusFallBackToThePerCpuCountersWhenTheEngineOmitsThem() {
    // Podman leaves online_cpus out of precpu only, and the formula reads the current one: 2 CPUs.
    // (80540717 - 76708301) / (3205811516439 - 3205804064090) × 2 × 100
    assertThat(StatsMath.cpuPercent(reading("podman-cgroup1-busy")))
        .isCloseTo(102.851, within(0.001));
    // An older engine without online_cpus: the two per-CPU counters in this reading count instead.
    ObjectNode json = JSON.valueToTree(reading("dockerd-cgroup1-busy1"));
    ((ObjectNode) json.get("cpu_stats")).remove("online_cpus");
    var withoutOnline = JSON.convertValue(json, Statistics.class);
    assertThat(withoutOnline.getCpuStats().getOnlineCpus()).isNull();
    assertThat(StatsMath.cpuPercent(withoutOnline)).isCloseTo(15.671, within(0.001));
  }

  @Test
  void cpuUseBetweenTwoSeparateReadingsComparesTheirCounters() {
    // For engines whose one-shot reading lacks the previous counters (Podman): busy1 then busy3, 4
    // s apart.
    // 1715744791 / 8310000000 × 2 × 100
    var before = reading("dockerd-cgroup1-busy1");
    var now = reading("dockerd-cgroup1-busy3");

    assertThat(StatsMath.sampleSince(before, now))
        .get()
        .extracting(StatsSample::cpuPercent, DOUBLE)
        .isCloseTo(41.293, within(0.001));
    assertThat(StatsMath.hasPreviousCpu(now)).isTrue();
    assertThat(StatsMath.hasPreviousCpu(reading("dockerd-cgroup1-first"))).isFalse();
  }

  @Test
  void memoryOnCgroupV1IsUsageMinusTotalInactiveFile() {
    var stats = reading("dockerd-cgroup1-busy1");
    // usage 528384, total_inactive_file 0: nothing to subtract (the cache of 8192 is active file
    // pages)
    assertThat(StatsMath.memoryUsed(stats.getMemoryStats())).isEqualTo(528_384);
    assertThat(StatsMath.memoryLimit(stats.getMemoryStats())).isEqualTo(25_276_063_744L);
  }

  @Test
  void memoryOnCgroupV2IsUsageMinusInactiveFile() {
    var stats = reading("dockerd-cgroup2-handwritten");
    // 52428800 - 10485760 = 40 MiB of a 1 GiB limit
    assertThat(StatsMath.memoryUsed(stats.getMemoryStats())).isEqualTo(40L * 1024 * 1024);
    assertThat(StatsMath.memoryLimit(stats.getMemoryStats())).isEqualTo(1L << 30);
  }

  @Test
  void memoryWithoutDetailedCountersIsTheUsage() {
    // Podman sends only usage and limit.
    assertThat(StatsMath.memoryUsed(reading("podman-cgroup1-busy").getMemoryStats()))
        .isEqualTo(716_800);
  }

  @Test
  void networkBytesAreSummedOverInterfaces() {
    var stats = reading("dockerd-cgroup2-handwritten");
    assertThat(StatsMath.netRx(stats)).isEqualTo(1_048_576 + 2_048);
    assertThat(StatsMath.netTx(stats)).isEqualTo(524_288 + 1_024);
  }

  @Test
  void aContainerWithoutNetworkHasNoTraffic() {
    // The recording engine runs with --bridge none.
    assertThat(StatsMath.netRx(reading("dockerd-cgroup1-busy1"))).isZero();
    assertThat(StatsMath.netTx(reading("dockerd-cgroup1-busy1"))).isZero();
  }

  @Test
  void aSampleCarriesTheEnginesReadTimeAndEveryFigure() {
    var sample = StatsMath.sample(reading("dockerd-cgroup2-handwritten"));

    assertThat(sample)
        .contains(
            new StatsSample(
                Instant.parse("2024-05-02T10:15:31.123456789Z"),
                50.0,
                40L * 1024 * 1024,
                1L << 30,
                1_050_624,
                525_312));
  }

  @Test
  void theEmptyReadingOfAStoppedContainerIsNoSample() {
    // dockerd keeps streaming these, read at Go's zero time, once the container has stopped.
    assertThat(StatsMath.sample(reading("dockerd-cgroup1-stopped"))).isEmpty();
  }
}
