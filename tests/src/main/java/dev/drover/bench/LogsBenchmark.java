package dev.drover.bench;

import atlantafx.base.theme.PrimerLight;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.FxUiDispatcher;
import dev.drover.app.ui.containers.logs.LogEntry;
import dev.drover.app.ui.containers.logs.LogSource;
import dev.drover.app.ui.containers.logs.LogsTuning;
import dev.drover.app.ui.containers.logs.LogsView;
import dev.drover.app.ui.containers.logs.LogsViewModel;
import dev.drover.engine.EngineClients;
import dev.drover.engine.logs.ContainerLogs;
import dev.drover.engine.logs.LogLine;
import dev.drover.engine.logs.LogRequest;
import dev.drover.engine.logs.LogSink;
import dev.drover.engine.logs.LogSubscription;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * How fast a container's log reaches the logs view, against the docker CLI reading the same log in
 * this run, with the FX thread's longest pause and the heap the bounded buffer costs. It is a
 * benchmark, not a test: a missed goal is reported, not failed; only a measurement that cannot be
 * made is an error. Every container it makes carries the label {@code dev.drover.bench=<run id>}
 * and is removed at the end, whatever happens in between.
 *
 * <p>Two measurements:
 *
 * <ul>
 *   <li><b>finished log</b>: a container that printed its lines and exited. The view opens it the
 *       way a user does, which asks the engine for the newest lines that fit the buffer (its tail),
 *       so the baseline is {@code docker logs --tail <buffer>}; {@code docker logs} of the whole
 *       log is printed for reference.
 *   <li><b>live log</b>: the view (or {@code docker logs -f}) is attached before the container
 *       starts printing, so every line passes through it; timed from the first line received to the
 *       last.
 * </ul>
 *
 * <p>Usage: {@code LogsBenchmark [lines, default 1000000] [runs, default 3]} with {@code
 * DROVER_TEST_DOCKER_HOST} set.
 */
public final class LogsBenchmark {

  private static final String USAGE = "LogsBenchmark [lines, default 1000000] [runs, default 3]";
  private static final String LABEL = "dev.drover.bench";
  private static final int BUFFER = 100_000;
  private static final double GOAL_RATE_RATIO = 0.5;
  private static final double GOAL_PULSE_GAP_MS = 100;
  private static final long PATIENCE_SECONDS = 300;

  private final String host;
  private final int lines;
  private final int runs;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final DockerClient docker;
  private final List<String> containers = new ArrayList<>();
  private final String lastText;
  private EngineClients clients;
  private FxUiDispatcher ui;
  private Stage stage;
  private LogsViewModel model;
  private AnimationTimer pulses;
  // FX thread only: the longest gap between pulses while a view is being measured.
  private long lastPulse;
  private long longestGap;
  // The FX thread's own CPU time between pulses: what the view costs, without the time a loaded
  // machine kept it waiting.
  private long lastPulseCpu;
  private long longestCpuGap;
  private boolean measuringPulses;
  // Diagnostics beside the gap: when the longest gap came (ms from the view's start), the FX
  // thread's CPU in
  // that very gap, and the collector's pauses while the view read (any thread; a pause stops the FX
  // thread too).
  private long viewStarted;
  private long longestGapAt;
  private long longestGapCpu;
  private volatile boolean measuringGc;
  private final AtomicInteger gcPauses = new AtomicInteger();
  private final AtomicLong gcLongestMs = new AtomicLong();
  private final AtomicLong gcTotalMs = new AtomicLong();
  private final List<String> diagnostics = new ArrayList<>();
  // -Ddrover.bench.sample=true: what the FX and render threads were doing during each view's
  // longest gap.
  private final FxSampler sampler =
      Boolean.getBoolean("drover.bench.sample") ? new FxSampler() : null;
  private long longestGapStart;
  // Looked up once: finding the platform bean in every pulse cost the FX thread more than the
  // view's own work in some frames.
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private LogsBenchmark(String host, int lines, int runs, DockerClient docker) {
    this.host = host;
    this.lines = lines;
    this.runs = runs;
    this.docker = docker;
    this.lastText = String.valueOf(lines);
  }

  public static void main(String[] args) throws Exception {
    var lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    var runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    var host = BenchEngine.hostOrExit(USAGE);
    int exit = 0;
    try (var docker = BenchEngine.client(host)) {
      var bench = new LogsBenchmark(host, lines, runs, docker);
      try {
        bench.run();
      } catch (Exception | AssertionError e) {
        System.err.println("logs benchmark failed: " + e);
        e.printStackTrace();
        exit = 1;
      } finally {
        bench.closeView();
        if (!bench.removeContainers()) exit = 1;
      }
    }
    Platform.exit();
    System.exit(exit);
  }

  private void run() throws Exception {
    BenchEngine.requireBusybox(docker);
    var tail = Math.min(lines, BUFFER);
    System.out.println(
        "logs benchmark: "
            + lines
            + " lines, buffer "
            + BUFFER
            + ", "
            + runs
            + " runs (run "
            + runId
            + ") on "
            + host);

    var finished = create("seq 1 " + lines);
    docker.startContainerCmd(finished).exec();
    awaitExit(finished);
    BenchEngine.timeCli(host, "logs", finished);
    var cliWhole = new ArrayList<Double>();
    var cliTail = new ArrayList<Double>();
    for (int i = 0; i < runs; i++) {
      cliWhole.add(BenchEngine.timeCli(host, "logs", finished));
      cliTail.add(BenchEngine.timeCli(host, "logs", "--tail", String.valueOf(tail), finished));
    }

    watchCollector();
    BenchEngine.startFx();
    if (sampler != null) sampler.start();
    clients = new EngineClients(() -> BenchEngine.endpoint(host));
    BenchEngine.onFx(this::showStage);
    var heapWithoutLog = BenchEngine.heapAfterGcMiB();

    // The first opening in this fresh process loads the classes and opens the engine connection:
    // its time is left out of the rates (as the CLI's warm-up is), its pulse gap is not.
    var first = view(finished);
    var firstGap = first.gapMs();
    var gaps = new ArrayList<Double>(List.of(firstGap));
    var cpuGaps = new ArrayList<Double>(List.of(first.cpuGapMs()));
    var viewTimes = new ArrayList<Double>();
    var viewRates = new ArrayList<Double>();
    var finishedDropped = new ArrayList<Long>();
    for (int i = 0; i < runs; i++) {
      var times = view(finished);
      viewTimes.add(times.lastMs());
      viewRates.add(times.reached() / (times.lastMs() / 1000));
      finishedDropped.add(times.received() - times.reached());
      gaps.add(times.gapMs());
      cpuGaps.add(times.cpuGapMs());
    }
    var cliTailRates = cliTail.stream().map(ms -> tail / (ms / 1000)).collect(Collectors.toList());
    BenchResults.compared(
        "logs-finished",
        "finished log, the newest " + tail + " of " + lines + " lines into the view",
        "lines/s",
        viewRates,
        "docker logs --tail " + tail,
        cliTailRates,
        BenchResults.Goal.ratioAtLeast(GOAL_RATE_RATIO),
        "lines counted as they were added to the view's list; lines received but dropped before"
            + " it: "
            + finishedDropped);
    var cliTailRate = tail / (BenchEngine.median(cliTail) / 1000);
    var viewRate = tail / (BenchEngine.median(viewTimes) / 1000);
    System.out.printf(
        Locale.ROOT,
        "finished log, newest %d lines: view %.0f ms [%s] = %.0f lines/s vs docker logs --tail %.0f ms [%s] = %.0f lines/s, ratio %.2fx (goal at least %.1fx)%n",
        tail,
        BenchEngine.median(viewTimes),
        BenchEngine.format(viewTimes),
        viewRate,
        BenchEngine.median(cliTail),
        BenchEngine.format(cliTail),
        cliTailRate,
        viewRate / cliTailRate,
        GOAL_RATE_RATIO);
    System.out.printf(
        Locale.ROOT,
        "  whole log via docker logs: %.0f ms [%s] = %.0f lines/s (the view never reads more than its buffer of a finished log)%n",
        BenchEngine.median(cliWhole),
        BenchEngine.format(cliWhole),
        lines / (BenchEngine.median(cliWhole) / 1000));

    var liveCli = new ArrayList<Double>();
    var liveView = new ArrayList<Double>();
    var liveRates = new ArrayList<Double>();
    var liveDropped = new ArrayList<Long>();
    for (int i = 0; i < runs; i++) {
      liveCli.add(liveCli());
      var times = liveView();
      liveView.add(times.lastMs() - times.firstMs());
      liveRates.add(times.reached() / ((times.lastMs() - times.firstMs()) / 1000));
      liveDropped.add(lines - times.reached());
      gaps.add(times.gapMs());
      cpuGaps.add(times.cpuGapMs());
    }
    BenchResults.compared(
        "logs-live",
        "live log of " + lines + " lines, lines that reached the view's list per second",
        "lines/s",
        liveRates,
        "docker logs -f, every line",
        liveCli.stream().map(ms -> lines / (ms / 1000)).collect(Collectors.toList()),
        BenchResults.Goal.ratioAtLeast(GOAL_RATE_RATIO),
        "first line to last; lines dropped by flow control before the list (of "
            + lines
            + "): "
            + liveDropped);
    var liveCliRate = lines / (BenchEngine.median(liveCli) / 1000);
    var liveViewRate = lines / (BenchEngine.median(liveView) / 1000);
    System.out.printf(
        Locale.ROOT,
        "live log, all %d lines (first to last): view %.0f ms [%s] = %.0f lines/s vs docker logs -f %.0f ms [%s] = %.0f lines/s, ratio %.2fx (goal at least %.1fx)%n",
        lines,
        BenchEngine.median(liveView),
        BenchEngine.format(liveView),
        liveViewRate,
        BenchEngine.median(liveCli),
        BenchEngine.format(liveCli),
        liveCliRate,
        liveViewRate / liveCliRate,
        GOAL_RATE_RATIO);

    System.out.printf(
        Locale.ROOT,
        "longest FX pulse gap while the view read: %.0f ms [%s] (goal at most %.0f ms); %.0f ms of it on the first opening%n",
        BenchEngine.max(gaps),
        BenchEngine.format(gaps),
        GOAL_PULSE_GAP_MS,
        firstGap);
    BenchResults.alone(
        "logs-pulse-gap",
        "longest FX pulse gap while a log floods, the first opening in a fresh process included",
        "ms",
        gaps,
        BenchResults.Goal.maxAtMost(GOAL_PULSE_GAP_MS),
        String.format(
            Locale.ROOT,
            "one sample per view; the first is the first opening (%.0f ms); FX thread's own CPU in"
                + " its longest gap per view: %s ms",
            firstGap,
            BenchEngine.format(cpuGaps)));
    System.out.printf(
        Locale.ROOT,
        "  of which the FX thread's own CPU time, longest between two pulses: %.0f ms [%s] (the rest is waiting for a core)%n",
        BenchEngine.max(cpuGaps),
        BenchEngine.format(cpuGaps));
    for (var line : diagnostics) System.out.println("  " + line);

    var kept = BenchEngine.onFx(() -> model.lines().size());
    var heap = BenchEngine.heapAfterGcMiB();
    System.out.printf(
        Locale.ROOT,
        "heap used after GC with the view holding %d lines (bound %d): %.1f MiB (%.1f MiB without a log, +%.1f MiB, %.0f bytes a line)%n",
        kept,
        BUFFER,
        heap,
        heapWithoutLog,
        heap - heapWithoutLog,
        (heap - heapWithoutLog) * 1024 * 1024 / Math.max(1, kept));
    if (kept > BUFFER)
      throw new IllegalStateException(
          "the view holds " + kept + " lines, more than its buffer of " + BUFFER);
  }

  /** Counts the collector's pauses while a view is measured: a diagnostic beside the pulse gap. */
  private void watchCollector() {
    for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!(collector instanceof NotificationEmitter emitter)) continue;
      // ZGC reports its concurrent cycles beside its pauses: only pauses stop the FX thread.
      if (collector.getName().contains("Cycles")) continue;
      emitter.addNotificationListener(
          (notification, handback) -> {
            if (!measuringGc
                || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) return;
            var info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            // G1's concurrent cycle reports its remark and clean-up pauses; its young and mixed
            // collections are pauses whole.
            long ms = info.getGcInfo().getDuration();
            gcPauses.incrementAndGet();
            gcTotalMs.addAndGet(ms);
            gcLongestMs.accumulateAndGet(ms, Math::max);
          },
          null,
          null);
    }
  }

  // ---- containers ----

  private String create(String script) {
    var id =
        docker
            .createContainerCmd(BenchEngine.BUSYBOX)
            .withName("drover-bench-logs-" + containers.size() + "-" + runId)
            .withLabels(Map.of(LABEL, runId))
            .withCmd("sh", "-c", script)
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
            .exec()
            .getId();
    containers.add(id);
    return id;
  }

  private void awaitExit(String id) {
    var status =
        docker
            .waitContainerCmd(id)
            .exec(new WaitContainerResultCallback())
            .awaitStatusCode(5, TimeUnit.MINUTES);
    if (status == null || status != 0)
      throw new IllegalStateException("the log container " + id + " exited with " + status);
  }

  private void removeQuietly(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException gone) {
      // Nothing to remove.
    }
  }

  /**
   * Removes every container of this run (by label, so one whose id was never returned goes too).
   */
  private boolean removeContainers() {
    try {
      var mine =
          docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, runId)).exec();
      for (var container : mine) removeQuietly(container.getId());
      System.out.println(
          "clean-up: removed " + mine.size() + " containers labelled " + LABEL + "=" + runId);
      return true;
    } catch (RuntimeException e) {
      System.err.println(
          "clean-up failed: "
              + e
              + "; remove what is left with: docker rm -f $(docker ps -aq --filter label="
              + LABEL
              + "="
              + runId
              + ")");
      return false;
    }
  }

  // ---- the docker CLI, live ----

  /**
   * Milliseconds from the first byte to the end of {@code docker logs -f} on a container that
   * starts printing after it attached.
   */
  private double liveCli() throws Exception {
    var id = create("sleep 2; seq 1 " + lines);
    try {
      docker.startContainerCmd(id).exec();
      var process =
          new ProcessBuilder(BenchEngine.dockerCli(), "-H", host, "logs", "-f", id)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      var buffer = new byte[1 << 16];
      long first = 0;
      long newlines = 0;
      try (var out = process.getInputStream()) {
        for (int read; (read = out.read(buffer)) >= 0; ) {
          if (read > 0 && first == 0) first = System.nanoTime();
          for (int i = 0; i < read; i++) if (buffer[i] == '\n') newlines++;
        }
      }
      var last = System.nanoTime();
      if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
      if (process.exitValue() != 0 || newlines != lines) {
        throw new IllegalStateException(
            "docker logs -f gave "
                + newlines
                + " of "
                + lines
                + " lines (exit "
                + process.exitValue()
                + ")");
      }
      return (last - first) / 1e6;
    } finally {
      removeQuietly(id);
    }
  }

  // ---- the view ----

  /**
   * From creating the view model: first and last line received (ms), the first line, the longest
   * pulse gap (ms).
   */
  private record Times(
      double firstMs,
      double lastMs,
      String firstText,
      double gapMs,
      double cpuGapMs,
      long reached,
      long received) {}

  private Void showStage() {
    // The app's theme, as Drover applies it: the view's styles look up its colours.
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    stage = new Stage();
    stage.setTitle("Drover logs benchmark");
    stage.setScene(new Scene(new StackPane(), 1100, 700));
    stage.show();
    pulses =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            long cpu = threads.getCurrentThreadCpuTime();
            if (measuringPulses && lastPulse != 0) {
              if (now - lastPulse > longestGap) {
                longestGapStart = lastPulse;
                longestGapAt = lastPulse - viewStarted;
                longestGapCpu = cpu - lastPulseCpu;
              }
              longestGap = Math.max(longestGap, now - lastPulse);
              longestCpuGap = Math.max(longestCpuGap, cpu - lastPulseCpu);
            }
            lastPulse = now;
            lastPulseCpu = cpu;
          }
        };
    pulses.start();
    return null;
  }

  /**
   * The view on a container that starts printing after it attached, so that every line passes
   * through it.
   */
  private Times liveView() throws Exception {
    var id = create("sleep 2; seq 1 " + lines);
    try {
      docker.startContainerCmd(id).exec();
      var times = view(id);
      if (!"1".equals(times.firstText())) {
        throw new IllegalStateException(
            "the view attached late: its first line was " + times.firstText() + ", not 1");
      }
      return times;
    } finally {
      removeQuietly(id);
    }
  }

  /**
   * Opens a logs view on {@code id} in the stage, as the app does, and waits until its last line is
   * {@link #lastText}. Times are from creating the view model; the previous view model is closed.
   */
  private Times view(String id) throws Exception {
    var done = new CompletableFuture<Times>();
    BenchEngine.onFx(
        () -> {
          if (model != null) model.close();
          if (ui == null) ui = new FxUiDispatcher();
          measuringPulses = true;
          longestGap = 0;
          longestCpuGap = 0;
          var started = System.nanoTime();
          viewStarted = started;
          gcPauses.set(0);
          gcLongestMs.set(0);
          gcTotalMs.set(0);
          measuringGc = true;
          streamEnded = 0;
          cpuAtStart = threadCpu();
          fxCpuAtStart = threads.getCurrentThreadCpuTime();
          var opened =
              new LogsViewModel(
                  new TimedLogs(),
                  Background.virtualThreads(ui),
                  ui,
                  id,
                  LogsTuning.defaults().withMaxLines(BUFFER));
          model = opened;
          stage.getScene().setRoot(new LogsView(opened));
          var first = new long[1];
          var firstText = new String[1];
          var reached = new long[1];
          var highest = new long[] {0};
          received.set(0);
          opened
              .lines()
              .addListener(
                  (ListChangeListener<LogEntry>)
                      change -> {
                        // Only lines that were put into the list count: flow control may drop
                        // lines before it.
                        // A line put back (the buffer replaced at once) counts once: the log is
                        // seq's numbers, so a line is new when its number is above the highest yet.
                        while (change.next()) {
                          for (var entry : change.getAddedSubList()) {
                            var number = parseOrZero(entry.text());
                            if (number > highest[0]) {
                              highest[0] = number;
                              reached[0]++;
                            }
                          }
                        }
                        var all = opened.lines();
                        if (all.isEmpty() || done.isDone()) return;
                        if (first[0] == 0) {
                          first[0] = System.nanoTime();
                          firstText[0] = all.getFirst().text();
                        }
                        if (lastText.equals(all.getLast().text())) {
                          measuringPulses = false;
                          measuringGc = false;
                          long fxCpu = threads.getCurrentThreadCpuTime() - fxCpuAtStart;
                          diagnostics.add(
                              String.format(
                                  Locale.ROOT,
                                  "view of %s: longest gap %.0f ms at %.0f ms (FX CPU in it %.0f ms); %d GC pauses, longest %d ms, %d ms in all; stream read to its end at %.0f ms, last line in the list at %.0f ms, FX CPU %.0f ms",
                                  id.substring(0, 12),
                                  longestGap / 1e6,
                                  longestGapAt / 1e6,
                                  longestGapCpu / 1e6,
                                  gcPauses.get(),
                                  gcLongestMs.get(),
                                  gcTotalMs.get(),
                                  streamEnded == 0 ? -1 : (streamEnded - started) / 1e6,
                                  (System.nanoTime() - started) / 1e6,
                                  fxCpu / 1e6));
                          diagnostics.add("threads' CPU in the view: " + cpuSince(cpuAtStart));
                          if (sampler != null)
                            diagnostics.add(
                                sampler.summary(longestGapStart, longestGapStart + longestGap));
                          done.complete(
                              new Times(
                                  (first[0] - started) / 1e6,
                                  (System.nanoTime() - started) / 1e6,
                                  firstText[0],
                                  longestGap / 1e6,
                                  longestCpuGap / 1e6,
                                  reached[0],
                                  received.get()));
                        }
                      });
          opened
              .statusProperty()
              .addListener(
                  (obs, was, now) -> {
                    if (!now.equals("Streaming")
                        && !now.equals("Paused")
                        && !now.equals("Container stopped")
                        && !now.equals("Closed")) {
                      done.completeExceptionally(
                          new IllegalStateException("the log view reports: " + now));
                    }
                  });
          return null;
        });
    try {
      return done.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      var state =
          BenchEngine.onFx(
              () ->
                  model.lines().size()
                      + " lines, last "
                      + (model.lines().isEmpty() ? "none" : model.lines().getLast().text())
                      + ", status "
                      + model.statusProperty().get());
      throw new IllegalStateException(
          "the log view did not reach line "
              + lastText
              + " within "
              + PATIENCE_SECONDS
              + " s ("
              + state
              + ")");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private Map<String, Long> cpuAtStart;

  private static long parseOrZero(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException notALineOfSeq) {
      return 0;
    }
  }

  /** CPU time by thread name (digits folded), and the JVM's collector and compiler threads' CPU. */
  private Map<String, Long> threadCpu() {
    var cpu = new HashMap<String, Long>();
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      long t = threads.getThreadCpuTime(info.getThreadId());
      if (t > 0) cpu.merge(info.getThreadName().replaceAll("[0-9a-f]{6,}|\\d+", "N"), t, Long::sum);
    }
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    cpu.put("(process)", os.getProcessCpuTime());
    return cpu;
  }

  private String cpuSince(Map<String, Long> before) {
    var now = threadCpu();
    var deltas = new ArrayList<Map.Entry<String, Long>>();
    for (var e : now.entrySet())
      deltas.add(Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)));
    deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    var text = new StringBuilder();
    for (var e : deltas.subList(0, Math.min(8, deltas.size())))
      text.append(e.getKey()).append(' ').append(e.getValue() / 1_000_000).append(" ms, ");
    return text.toString();
  }

  private volatile long streamEnded;
  // Lines the engine's stream handed to the view model, before any flow control.
  private final AtomicLong received = new AtomicLong();
  private long fxCpuAtStart;

  /**
   * The engine's log, noting when the stream thread has read it to its end: a diagnostic beside the
   * view's time.
   */
  private final class TimedLogs implements LogSource {
    private final ContainerLogs engine = new ContainerLogs(clients);

    @Override
    public LogSubscription follow(String containerId, LogRequest request, LogSink sink) {
      return engine.follow(
          containerId,
          request,
          new LogSink() {
            @Override
            public void line(LogLine line) {
              received.incrementAndGet();
              sink.line(line);
            }

            @Override
            public void closing() {
              streamEnded = System.nanoTime();
              sink.closing();
            }

            @Override
            public void ended(String reasonOrNull) {
              if (streamEnded == 0) streamEnded = System.nanoTime();
              sink.ended(reasonOrNull);
            }

            @Override
            public void failed(String message) {
              sink.failed(message);
            }
          });
    }
  }

  private void closeView() {
    try {
      if (stage != null) {
        BenchEngine.onFx(
            () -> {
              if (pulses != null) pulses.stop();
              if (model != null) model.close();
              stage.hide();
              return null;
            });
      }
    } catch (Exception e) {
      System.err.println("closing the view failed: " + e);
    }
    if (clients != null) clients.close();
  }
}
