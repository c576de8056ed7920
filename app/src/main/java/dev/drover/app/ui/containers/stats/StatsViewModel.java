package dev.drover.app.ui.containers.stats;

import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.stats.StatsSample;
import dev.drover.engine.stats.StatsSubscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

/**
 * One container's resource use, live: the last {@code window} readings of CPU %, memory (MiB) and
 * network receive/send rates (KiB/s, from the differences between readings) as chart points, and
 * the newest figures as text.
 *
 * <p>Readings arrive on the stream's thread and reach the UI thread in batches: each series changes
 * once per batch. Everything else runs on the UI thread. {@link #start()} when the view is shown,
 * {@link #close()} when it goes.
 */
public final class StatsViewModel implements AutoCloseable {

  /** Two minutes of dockerd's one reading a second. */
  public static final int DEFAULT_WINDOW = 120;

  private static final double MIB = 1024.0 * 1024.0;
  private static final double KIB = 1024.0;
  private static final String NONE = "–";

  private enum State {
    NEW,
    WAITING,
    LIVE,
    ENDED,
    CLOSED
  }

  private final StatsSource stats;
  private final UiDispatcher ui;
  private final String containerId;

  private final PointWindow cpu;
  private final PointWindow memory;
  private final PointWindow networkRx;
  private final PointWindow networkTx;
  private final ReadOnlyStringWrapper latestCpu =
      new ReadOnlyStringWrapper(this, "latestCpu", NONE);
  private final ReadOnlyStringWrapper latestMemory =
      new ReadOnlyStringWrapper(this, "latestMemory", NONE);
  private final ReadOnlyStringWrapper latestNetwork =
      new ReadOnlyStringWrapper(this, "latestNetwork", NONE);
  private final ReadOnlyStringWrapper latest = new ReadOnlyStringWrapper(this, "latest", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

  private State state = State.NEW;
  private Object current;
  private StatsSubscription subscription;
  private Instant origin;
  private StatsSample previous;

  public StatsViewModel(StatsSource stats, UiDispatcher ui, String containerId) {
    this(stats, ui, containerId, DEFAULT_WINDOW);
  }

  public StatsViewModel(StatsSource stats, UiDispatcher ui, String containerId, int window) {
    if (window < 2)
      throw new IllegalArgumentException(
          "a stats window needs room for two readings, was " + window);
    this.stats = stats;
    this.ui = ui;
    this.containerId = containerId;
    cpu = new PointWindow(window);
    memory = new PointWindow(window);
    networkRx = new PointWindow(window);
    networkTx = new PointWindow(window);
    updateLatest();
    updateStatus();
  }

  // ---- state for the view ----

  /** CPU use in percent, where 100 is one whole CPU. */
  public ObservableList<StatsPoint> cpu() {
    return cpu;
  }

  /** Memory in use, in MiB. */
  public ObservableList<StatsPoint> memory() {
    return memory;
  }

  /**
   * Bytes received per second over the interval before each point, in KiB/s; none for the first
   * reading.
   */
  public ObservableList<StatsPoint> networkRx() {
    return networkRx;
  }

  /** Bytes sent per second, in KiB/s. */
  public ObservableList<StatsPoint> networkTx() {
    return networkTx;
  }

  /** "12.3 %", or "–" before the first reading. */
  public ReadOnlyStringProperty latestCpuProperty() {
    return latestCpu.getReadOnlyProperty();
  }

  /** "45.6 MiB / 1.0 GiB", or "–". */
  public ReadOnlyStringProperty latestMemoryProperty() {
    return latestMemory.getReadOnlyProperty();
  }

  /** "↓ 1.2 KiB/s ↑ 300 B/s", or "–" until two readings give a rate. */
  public ReadOnlyStringProperty latestNetworkProperty() {
    return latestNetwork.getReadOnlyProperty();
  }

  /** The three newest figures on one line. */
  public ReadOnlyStringProperty latestProperty() {
    return latest.getReadOnlyProperty();
  }

  /**
   * Empty while readings arrive; otherwise what the user should know (waiting, stopped, closed).
   */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public String containerId() {
    return containerId;
  }

  // ---- commands ----

  /**
   * Starts (or, after the container stopped, resumes) reading; the points so far stay. Does nothing
   * while reading or once closed. Does no I/O on the calling thread.
   */
  public void start() {
    if (state == State.WAITING || state == State.LIVE || state == State.CLOSED) return;
    var subscriber = new Object();
    current = subscriber;
    previous = null; // a restarted container counts its traffic from zero again
    state = State.WAITING;
    updateStatus();
    Runnable onEnd = () -> ui.post(() -> ended(subscriber));
    try {
      subscription =
          stats.follow(
              containerId, ui.<StatsSample>batching(batch -> apply(subscriber, batch)), onEnd);
    } catch (RuntimeException failure) {
      // The service promises not to throw; a stand-in that does is treated as a stream that ended.
      ended(subscriber);
    }
  }

  /** Stops reading; the points stay visible. */
  @Override
  public void close() {
    state = State.CLOSED;
    current = null;
    var open = subscription;
    subscription = null;
    if (open != null) open.close();
    updateStatus();
  }

  // ---- the stream ----

  private void apply(Object from, List<StatsSample> batch) {
    if (from != current || batch.isEmpty()) return;
    state = State.LIVE;
    var cpuPoints = new ArrayList<StatsPoint>(batch.size());
    var memoryPoints = new ArrayList<StatsPoint>(batch.size());
    var rxPoints = new ArrayList<StatsPoint>(batch.size());
    var txPoints = new ArrayList<StatsPoint>(batch.size());
    for (var sample : batch) {
      if (origin == null) origin = sample.at();
      double seconds = Duration.between(origin, sample.at()).toNanos() / 1e9;
      cpuPoints.add(new StatsPoint(seconds, sample.cpuPercent()));
      memoryPoints.add(new StatsPoint(seconds, sample.memoryUsedBytes() / MIB));
      var rates = rates(previous, sample);
      if (rates != null) {
        rxPoints.add(new StatsPoint(seconds, rates[0] / KIB));
        txPoints.add(new StatsPoint(seconds, rates[1] / KIB));
        latestNetwork.set(
            "↓ " + StatsSummary.rate(rates[0]) + "  ↑ " + StatsSummary.rate(rates[1]));
      }
      previous = sample;
    }
    cpu.append(cpuPoints);
    memory.append(memoryPoints);
    networkRx.append(rxPoints);
    networkTx.append(txPoints);
    var newest = batch.getLast();
    latestCpu.set(StatsSummary.cpu(newest.cpuPercent()));
    latestMemory.set(StatsSummary.memory(newest.memoryUsedBytes(), newest.memoryLimitBytes()));
    updateLatest();
    updateStatus();
  }

  /**
   * Bytes per second received and sent between two readings; null when there is no interval to
   * divide by.
   */
  private static double[] rates(StatsSample before, StatsSample now) {
    if (before == null) return null;
    double seconds = Duration.between(before.at(), now.at()).toNanos() / 1e9;
    if (seconds <= 0) return null;
    // A counter that went back (the interface was recreated) gives no meaningful rate: count it as
    // idle.
    double rx = Math.max(0, now.netRxBytes() - before.netRxBytes()) / seconds;
    double tx = Math.max(0, now.netTxBytes() - before.netTxBytes()) / seconds;
    return new double[] {rx, tx};
  }

  private void ended(Object from) {
    if (from != current) return;
    current = null;
    subscription = null;
    state = State.ENDED;
    updateStatus();
  }

  private void updateLatest() {
    latest.set(
        "CPU "
            + latestCpu.get()
            + "   Memory "
            + latestMemory.get()
            + "   Network "
            + latestNetwork.get());
  }

  private void updateStatus() {
    status.set(
        switch (state) {
          case NEW, WAITING -> "Waiting for the first reading…";
          case LIVE -> "";
          case ENDED -> "The container is not running: no more readings.";
          case CLOSED -> "Closed";
        });
  }
}
