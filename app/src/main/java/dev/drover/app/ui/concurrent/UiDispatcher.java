package dev.drover.app.ui.concurrent;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one way background work reaches the UI thread. Posts are coalesced: however many arrive while
 * the UI thread is busy, they run together in one turn of it, so a burst of engine events is one UI
 * update.
 */
public interface UiDispatcher {

  /**
   * Runs {@code action} on the UI thread, in posting order, together with whatever else is queued.
   */
  void post(Runnable action);

  /**
   * A thread-safe sink whose items reach {@code onBatch} on the UI thread as lists: every item
   * offered before the UI thread gets to it lands in the same list.
   */
  default <T> Consumer<T> batching(Consumer<List<T>> onBatch) {
    return new EventBatcher<>(this, onBatch);
  }

  /**
   * As {@link #batching(Consumer)}, with at most one list every {@code minGap}: for a stream that
   * may flood, whose items can wait a frame to travel together.
   */
  default <T> BatchingSink<T> batching(Consumer<List<T>> onBatch, Duration minGap) {
    return new EventBatcher<>(this, onBatch, minGap, System::nanoTime);
  }

  /** Runs everything at once on the calling thread: for view model tests without a toolkit. */
  static UiDispatcher immediate() {
    return Runnable::run;
  }
}
