package dev.drover.app.ui.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Collects items from any thread and hands them to the UI thread as one list per drain. With a
 * minimum gap, a drain comes at most once in that long: the first item after a quiet spell still
 * goes at once, and the items of a flood wait for the gap to pass and travel together, instead of
 * one UI turn (and one wake-up of the toolkit) for every few items the UI thread happened to be
 * quick enough to take.
 */
final class EventBatcher<T> implements BatchingSink<T> {

  private final UiDispatcher ui;
  private final Consumer<List<T>> onBatch;
  private final long minGapNanos;
  private final LongSupplier nanoTime;
  private final Queue<T> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile long lastDrainNanos;
  private volatile boolean drainedYet;

  EventBatcher(UiDispatcher ui, Consumer<List<T>> onBatch) {
    this(ui, onBatch, Duration.ZERO, System::nanoTime);
  }

  EventBatcher(UiDispatcher ui, Consumer<List<T>> onBatch, Duration minGap, LongSupplier nanoTime) {
    this.ui = ui;
    this.onBatch = onBatch;
    this.minGapNanos = minGap.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public void accept(T item) {
    pending.add(item);
    if (!drainScheduled.compareAndSet(false, true)) return;
    long wait = drainedYet ? lastDrainNanos + minGapNanos - nanoTime.getAsLong() : 0;
    if (wait <= 0) {
      ui.post(this::drain);
    } else {
      Thread.ofVirtual()
          .name("ui-batch-gap")
          .start(
              () -> {
                LockSupport.parkNanos(wait);
                ui.post(this::drain);
              });
    }
  }

  @Override
  public void flush() {
    // A drain already asked for may be waiting out the gap; this one runs first, and that one finds
    // nothing.
    ui.post(this::drain);
  }

  private void drain() {
    // Cleared before polling: an item added during the poll schedules another drain instead of
    // being stranded.
    drainScheduled.set(false);
    lastDrainNanos = nanoTime.getAsLong();
    drainedYet = true;
    var batch = new ArrayList<T>();
    for (T item; (item = pending.poll()) != null; ) batch.add(item);
    if (!batch.isEmpty()) onBatch.accept(batch);
  }
}
