package dev.drover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gathers the lines the benchmarks appended to {@code results.jsonl} (see {@link BenchResults})
 * into {@code results.json} and a Markdown table {@code results.md} beside it, and prints one line
 * for the test command's summary: how many goals were met, and the id of every missed one. Exits 0
 * whatever the figures: a missed goal is reported, never failed; no results at all is an error.
 *
 * <p>Usage: {@code BenchReport [benchmarks that could not finish, named]…}
 */
public final class BenchReport {

  private BenchReport() {}

  public static void main(String[] args) throws IOException {
    var folder = BenchResults.folder();
    if (!Files.isRegularFile(folder.resolve("results.jsonl"))) {
      System.err.println("no benchmark results in " + folder.resolve("results.jsonl"));
      System.exit(1);
    }
    System.out.println(gather(folder, List.of(args)));
  }

  /**
   * Writes {@code results.json} and {@code results.md} from {@code results.jsonl} in {@code
   * folder}; returns the summary line.
   */
  static String gather(Path folder, List<String> notFinished) throws IOException {
    var lines = folder.resolve("results.jsonl");
    var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    var results = mapper.createArrayNode();
    for (var line : Files.readAllLines(lines, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) results.add(mapper.readTree(line));
    }
    var document = mapper.createObjectNode();
    document.put("written", Instant.now().toString());
    document.put("processors", Runtime.getRuntime().availableProcessors());
    document.put(
        "loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    var unfinished = document.putArray("couldNotFinish");
    notFinished.forEach(unfinished::add);
    document.set("results", results);
    mapper.writeValue(folder.resolve("results.json").toFile(), document);
    Files.writeString(
        folder.resolve("results.md"), markdown(results, notFinished), StandardCharsets.UTF_8);

    var missed = new ArrayList<String>();
    int met = 0;
    for (var result : results) {
      var verdict = result.get("met");
      if (verdict.isBoolean() && verdict.asBoolean()) met++;
      else if (verdict.isBoolean()) missed.add(result.get("id").asText());
    }
    return missed.isEmpty()
        ? "benchmarks: all " + met + " goals met"
        : "benchmarks: "
            + met
            + " goals met, "
            + missed.size()
            + " missed: "
            + String.join(", ", missed);
  }

  private static String markdown(ArrayNode results, List<String> notFinished) {
    var out = new StringBuilder();
    out.append("# Benchmark results\n\n")
        .append("Written by `./run-tests.sh` at ")
        .append(Instant.now())
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" processors (load average at the end ")
        .append(
            String.format(
                Locale.ROOT,
                "%.1f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
        .append("). Medians; every sample in brackets. A missed goal is reported, not failed.\n\n");
    if (!notFinished.isEmpty()) {
      out.append("**Could not finish:** ").append(String.join(", ", notFinished)).append("\n\n");
    }
    out.append("| measure | Drover | baseline | ratio | goal | result |\n")
        .append("|---|---|---|---|---|---|\n");
    for (var result : results) {
      var unit = result.get("unit").asText();
      out.append("| ")
          .append(cell(result.get("measure").asText()))
          .append(" (`")
          .append(result.get("id").asText())
          .append("`) | ")
          .append(figure(result.get("median"), result.get("samples"), unit))
          .append(" | ")
          .append(
              result.get("baseline").isNull()
                  ? "—"
                  : cell(result.get("baseline").asText())
                      + ": "
                      + figure(result.get("baselineMedian"), result.get("baselineSamples"), unit))
          .append(" | ")
          .append(
              result.get("ratio").isNull()
                  ? "—"
                  : String.format(Locale.ROOT, "%.2fx", result.get("ratio").asDouble()))
          .append(" | ")
          .append(cell(result.get("goal").asText()))
          .append(" | ")
          .append(
              result.get("met").isNull()
                  ? "recorded"
                  : result.get("met").asBoolean() ? "met" : "**missed**")
          .append(" |\n");
    }
    var notes = new StringBuilder();
    for (var result : results) {
      var note = result.get("note").asText();
      if (!note.isBlank())
        notes
            .append("- `")
            .append(result.get("id").asText())
            .append("`: ")
            .append(note)
            .append('\n');
    }
    if (!notes.isEmpty()) out.append("\n## Notes\n\n").append(notes);
    return out.toString();
  }

  private static String figure(JsonNode median, JsonNode samples, String unit) {
    var each = new ArrayList<String>();
    samples.forEach(sample -> each.add(round(sample.asDouble())));
    return round(median.asDouble()) + " " + unit + " [" + String.join(" ", each) + "]";
  }

  private static String round(double value) {
    return Math.abs(value) >= 10
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
