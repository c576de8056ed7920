package dev.drover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

  @TempDir Path folder;

  @Test
  void theSummaryNamesEveryMissedGoalAndCountsTheMetOnes() throws Exception {
    BenchResults.compared(
        folder,
        "launch",
        "launch to a table",
        "ms",
        List.of(3000.0, 2800.0, 2900.0),
        "hello-world + docker ps -a",
        List.of(900.0, 1000.0, 950.0),
        BenchResults.Goal.ratioAtMost(1.15),
        "");
    BenchResults.compared(
        folder,
        "logs",
        "live log",
        "lines/s",
        List.of(200_000.0, 180_000.0, 190_000.0),
        "docker logs -f",
        List.of(250_000.0, 240_000.0, 260_000.0),
        BenchResults.Goal.ratioAtLeast(0.5),
        "");
    BenchResults.alone(
        folder,
        "gap",
        "longest pulse gap",
        "ms",
        List.of(60.0, 330.0, 70.0),
        BenchResults.Goal.maxAtMost(100),
        "the first opening included");
    BenchResults.alone(folder, "heap", "heap", "MiB", List.of(40.0), BenchResults.Goal.none(), "");

    var summary = BenchReport.gather(folder, List.of());

    assertThat(summary).isEqualTo("benchmarks: 1 goals met, 2 missed: launch, gap");
  }

  @Test
  void theJsonAndTheTableHoldEverySampleTheRatioAndTheVerdict() throws Exception {
    BenchResults.compared(
        folder,
        "launch",
        "launch to a table",
        "ms",
        List.of(3000.0, 2800.0, 2900.0),
        "hello-world + docker ps -a",
        List.of(900.0, 1000.0, 950.0),
        BenchResults.Goal.ratioAtMost(1.15),
        "a note | with a bar");

    BenchReport.gather(folder, List.of("VM start"));

    var json = new ObjectMapper().readTree(folder.resolve("results.json").toFile());
    var result = json.get("results").get(0);
    assertThat(result.get("samples").toString()).isEqualTo("[3000,2800,2900]");
    assertThat(result.get("baselineMedian").asDouble()).isEqualTo(950.0);
    assertThat(result.get("ratio").asDouble()).isCloseTo(2900.0 / 950.0, Offset.offset(0.001));
    assertThat(result.get("met").asBoolean()).isFalse();
    assertThat(json.get("couldNotFinish").get(0).asText()).isEqualTo("VM start");
    var table = Files.readString(folder.resolve("results.md"));
    assertThat(table)
        .contains("2900 ms [3000 2800 2900]")
        .contains("950 ms [900 1000 950]")
        .contains("3.05x")
        .contains("**missed**")
        .contains("**Could not finish:** VM start")
        .contains("- `launch`: a note | with a bar");
  }
}
