package dev.drover.app.ui.concurrent;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Coalesces posts into as few {@link Platform#runLater} calls as possible: one is in flight at a
 * time and it runs everything queued when it gets the FX thread, so the FX queue never holds one
 * task per event.
 */
public final class FxUiDispatcher implements UiDispatcher {

  private final Consumer<Runnable> fxScheduler;
  private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean runScheduled = new AtomicBoolean();

  public FxUiDispatcher() {
    this(Platform::runLater);
  }

  /**
   * @param fxScheduler hands a task to the FX thread; replaced in tests to count and control turns
   */
  FxUiDispatcher(Consumer<Runnable> fxScheduler) {
    this.fxScheduler = fxScheduler;
  }

  @Override
  public void post(Runnable action) {
    queued.add(action);
    if (runScheduled.compareAndSet(false, true)) fxScheduler.accept(this::runQueued);
  }

  private void runQueued() {
    runScheduled.set(false);
    // Only what was queued when the turn began: work posted meanwhile waits for the next turn, so a
    // task
    // that keeps re-posting itself cannot hold the FX thread.
    for (int left = queued.size(); left > 0; left--) {
      var action = queued.poll();
      if (action == null) return;
      try {
        action.run();
      } catch (RuntimeException | LinkageError | AssertionError e) {
        // One failing update must not strand the rest of the turn; the uncaught handler reports it.
        var thread = Thread.currentThread();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
      }
    }
  }
}
