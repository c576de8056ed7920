package dev.drover.app.ui.containers.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsSummaryTest {

  @Test
  void cpuHasOneDecimalAndAPercentSign() {
    assertThat(StatsSummary.cpu(12.345)).isEqualTo("12.3 %");
    assertThat(StatsSummary.cpu(0)).isEqualTo("0.0 %");
    assertThat(StatsSummary.cpu(187.96)).as("several CPUs").isEqualTo("188.0 %");
    assertThat(StatsSummary.cpu(Double.NaN)).isEqualTo("0.0 %");
  }

  @Test
  void memoryShowsUseOverLimitInBinaryUnits() {
    assertThat(StatsSummary.memory((long) (45.6 * 1024 * 1024), 1L << 30))
        .isEqualTo("45.6 MiB / 1.0 GiB");
    assertThat(StatsSummary.memory(528_384, 25_276_063_744L)).isEqualTo("516.0 KiB / 23.5 GiB");
    assertThat(StatsSummary.memory(512, 0)).as("no known limit").isEqualTo("512 B");
  }

  @Test
  void aSizeJustUnderTheNextUnitRoundsIntoIt() {
    assertThat(StatsSummary.bytes((1L << 30) - 1)).isEqualTo("1.0 GiB");
    assertThat(StatsSummary.bytes(1023)).isEqualTo("1023 B");
  }

  @Test
  void ratesArePerSecond() {
    assertThat(StatsSummary.rate(1228.8)).isEqualTo("1.2 KiB/s");
    assertThat(StatsSummary.rate(-5)).isEqualTo("0 B/s");
  }
}
