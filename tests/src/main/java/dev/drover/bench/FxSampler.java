package dev.drover.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A diagnostic for the pulse-gap benchmarks: samples the JavaFX application thread and Prism's
 * render thread every two milliseconds (state and top frames), so a long gap between pulses can be
 * told apart as the FX thread working, waiting for the render thread, blocked on a lock, or
 * runnable but without a core.
 */
final class FxSampler {

  private record Sample(long nanos, String fx, String render) {}

  private final List<Sample> samples = new ArrayList<>();
  private static final int DEPTH = 4;

  synchronized void start() {
    var thread = Thread.ofPlatform().daemon().name("fx-sampler").start(this::sampleForever);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  private void sampleForever() {
    var threads = ManagementFactory.getThreadMXBean();
    long fx = -1;
    long render = -1;
    while (true) {
      if (fx < 0 || render < 0) {
        for (var t : Thread.getAllStackTraces().keySet()) {
          if (t.getName().equals("JavaFX Application Thread")) fx = t.threadId();
          if (t.getName().startsWith("QuantumRenderer")) render = t.threadId();
        }
      }
      if (fx >= 0) {
        var infos =
            threads.getThreadInfo(render >= 0 ? new long[] {fx, render} : new long[] {fx}, DEPTH);
        var sample =
            new Sample(
                System.nanoTime(), describe(infos[0]), infos.length > 1 ? describe(infos[1]) : "-");
        synchronized (this) {
          samples.add(sample);
          if (samples.size() > 200_000) samples.subList(0, 100_000).clear();
        }
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String describe(ThreadInfo info) {
    if (info == null) return "gone";
    var frames =
        Arrays.stream(info.getStackTrace())
            .limit(DEPTH)
            .map(
                f ->
                    f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1)
                        + "."
                        + f.getMethodName())
            .collect(Collectors.joining(" < "));
    return info.getThreadState() + " " + frames;
  }

  /**
   * The most frequent states and frames of both threads between {@code from} and {@code to}
   * (nanoTime).
   */
  synchronized String summary(long from, long to) {
    var fx = new LinkedHashMap<String, Integer>();
    var render = new LinkedHashMap<String, Integer>();
    int count = 0;
    for (var s : samples) {
      if (s.nanos() < from || s.nanos() > to) continue;
      count++;
      fx.merge(s.fx(), 1, Integer::sum);
      render.merge(s.render(), 1, Integer::sum);
    }
    // JVM uptime of the gap, to line it up with -Xlog output (uptimenanos).
    long offset = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L - System.nanoTime();
    return String.format(
            Locale.ROOT,
            "samples in the gap (JVM uptime %.3f-%.3f s): ",
            (from + offset) / 1e9,
            (to + offset) / 1e9)
        + count
        + "\n    FX: "
        + top(fx)
        + "\n    render: "
        + top(render);
  }

  private static String top(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(6)
        .map(e -> e.getValue() + "x " + e.getKey())
        .collect(Collectors.joining("\n        ", "\n        ", ""));
  }
}
