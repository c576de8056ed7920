package dev.drover.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * One line per measure in the run's results file, written by every benchmark: the measure, what it
 * is compared with, every sample of both sides, the medians, the ratio, the goal and whether it was
 * met. The benchmarks are separate processes (some on a class path of JavaFX alone), so each
 * appends one JSON object a line to {@code results.jsonl}; {@link BenchReport} turns them into
 * {@code results.json} and {@code results.md} and names the missed goals. The folder is {@code
 * DROVER_BENCH_RESULTS}, else {@code tests/target/benchmarks} under the working folder.
 *
 * <p>A missed goal is a result like any other, never a failure.
 */
public final class BenchResults {

  private BenchResults() {}

  /** How a result is held against its goal. */
  public enum GoalKind {
    /** median(subject) / median(baseline) at most the goal: times, memory, CPU. */
    RATIO_AT_MOST,
    /** median(subject) / median(baseline) at least the goal: rates. */
    RATIO_AT_LEAST,
    /** median(subject) at most the goal, in the measure's unit. */
    VALUE_AT_MOST,
    /** Every sample at most the goal, in the measure's unit: a longest pause. */
    MAX_AT_MOST,
    /** A figure recorded for the reader, held against nothing. */
    NONE
  }

  public record Goal(GoalKind kind, double value) {
    static Goal ratioAtMost(double value) {
      return new Goal(GoalKind.RATIO_AT_MOST, value);
    }

    public static Goal ratioAtLeast(double value) {
      return new Goal(GoalKind.RATIO_AT_LEAST, value);
    }

    static Goal valueAtMost(double value) {
      return new Goal(GoalKind.VALUE_AT_MOST, value);
    }

    static Goal maxAtMost(double value) {
      return new Goal(GoalKind.MAX_AT_MOST, value);
    }

    static Goal none() {
      return new Goal(GoalKind.NONE, Double.NaN);
    }

    String describe(String unit) {
      return switch (kind) {
        case RATIO_AT_MOST -> String.format(Locale.ROOT, "at most %.2fx", value);
        case RATIO_AT_LEAST -> String.format(Locale.ROOT, "at least %.2fx", value);
        case VALUE_AT_MOST ->
            String.format(Locale.ROOT, "median at most %s %s", number(value), unit);
        case MAX_AT_MOST ->
            String.format(Locale.ROOT, "every sample at most %s %s", number(value), unit);
        case NONE -> "none";
      };
    }
  }

  /**
   * Records a measure against a baseline of the same run.
   *
   * @param note how it was measured or what the time is made of; may be empty
   */
  static void compared(
      String id,
      String measure,
      String unit,
      List<Double> subject,
      String baseline,
      List<Double> baselineSamples,
      Goal goal,
      String note) {
    compared(folder(), id, measure, unit, subject, baseline, baselineSamples, goal, note);
  }

  /**
   * As {@link #compared(String, String, String, List, String, List, Goal, String)}, into {@code
   * folder}.
   */
  public static void compared(
      Path folder,
      String id,
      String measure,
      String unit,
      List<Double> subject,
      String baseline,
      List<Double> baselineSamples,
      Goal goal,
      String note) {
    var ratio = median(subject) / median(baselineSamples);
    Boolean met =
        switch (goal.kind()) {
          case RATIO_AT_MOST -> ratio <= goal.value();
          case RATIO_AT_LEAST -> ratio >= goal.value();
          case VALUE_AT_MOST -> median(subject) <= goal.value();
          case MAX_AT_MOST -> max(subject) <= goal.value();
          case NONE -> null;
        };
    write(folder, id, measure, unit, subject, baseline, baselineSamples, ratio, goal, met, note);
  }

  /** Records a measure that has no baseline (a pulse gap, a latency). */
  static void alone(
      String id, String measure, String unit, List<Double> subject, Goal goal, String note) {
    alone(folder(), id, measure, unit, subject, goal, note);
  }

  /** As {@link #alone(String, String, String, List, Goal, String)}, into {@code folder}. */
  static void alone(
      Path folder,
      String id,
      String measure,
      String unit,
      List<Double> subject,
      Goal goal,
      String note) {
    Boolean met =
        switch (goal.kind()) {
          case VALUE_AT_MOST -> median(subject) <= goal.value();
          case MAX_AT_MOST -> max(subject) <= goal.value();
          case NONE -> null;
          default -> throw new IllegalArgumentException("a ratio goal needs a baseline: " + id);
        };
    write(folder, id, measure, unit, subject, null, List.of(), Double.NaN, goal, met, note);
  }

  private static void write(
      Path folder,
      String id,
      String measure,
      String unit,
      List<Double> subject,
      String baseline,
      List<Double> baselineSamples,
      double ratio,
      Goal goal,
      Boolean met,
      String note) {
    var line = new StringBuilder("{");
    field(line, "id", quote(id));
    field(line, "measure", quote(measure));
    field(line, "unit", quote(unit));
    field(line, "median", number(median(subject)));
    field(line, "samples", numbers(subject));
    field(line, "baseline", baseline == null ? "null" : quote(baseline));
    field(
        line,
        "baselineMedian",
        baselineSamples.isEmpty() ? "null" : number(median(baselineSamples)));
    field(line, "baselineSamples", numbers(baselineSamples));
    field(line, "ratio", Double.isNaN(ratio) ? "null" : number(ratio));
    field(line, "goalKind", quote(goal.kind().name()));
    field(line, "goalValue", Double.isNaN(goal.value()) ? "null" : number(goal.value()));
    field(line, "goal", quote(goal.describe(unit)));
    field(line, "met", met == null ? "null" : met.toString());
    field(line, "note", quote(note == null ? "" : note));
    line.setLength(line.length() - 1);
    line.append("}\n");
    try {
      var file = folder.resolve("results.jsonl");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IllegalStateException("could not write the benchmark results: " + e, e);
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT %s: %s median %s %s [%s]%s, goal %s: %s%n",
        id,
        measure,
        format(List.of(median(subject))),
        unit,
        format(subject),
        baseline == null
            ? ""
            : String.format(
                Locale.ROOT,
                " vs %s %s %s [%s], ratio %.2fx",
                baseline,
                format(List.of(median(baselineSamples))),
                unit,
                format(baselineSamples),
                ratio),
        goal.describe(unit),
        met == null ? "recorded" : met ? "met" : "MISSED");
  }

  static Path folder() {
    var configured = System.getenv("DROVER_BENCH_RESULTS");
    return configured == null || configured.isBlank()
        ? Path.of("tests", "target", "benchmarks").toAbsolutePath()
        : Path.of(configured).toAbsolutePath();
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) return Double.NaN;
    var sorted = values.stream().sorted().toList();
    var mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private static String format(List<Double> values) {
    return String.join(
        " ",
        values.stream()
            .map(v -> Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.0f", v) : number(v))
            .toList());
  }

  private static void field(StringBuilder line, String name, String json) {
    line.append(quote(name)).append(':').append(json).append(',');
  }

  private static String numbers(List<Double> values) {
    return "[" + String.join(",", values.stream().map(BenchResults::number).toList()) + "]";
  }

  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) return "null";
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String quote(String text) {
    var out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
