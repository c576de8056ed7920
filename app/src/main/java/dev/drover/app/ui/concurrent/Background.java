package dev.drover.app.ui.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs engine, VM and cluster I/O off the UI thread, on virtual threads, and brings the outcome
 * back through the {@link UiDispatcher}. View models issue commands through this, never by starting
 * threads themselves.
 */
public final class Background {

  private final Executor workers;
  private final UiDispatcher ui;

  public Background(Executor workers, UiDispatcher ui) {
    this.workers = workers;
    this.ui = ui;
  }

  /** Virtual threads for the work, the FX thread for outcomes. */
  public static Background virtualThreads(UiDispatcher ui) {
    return new Background(Executors.newVirtualThreadPerTaskExecutor(), ui);
  }

  /**
   * Everything on the calling thread, in order: view model tests need no toolkit and no waiting.
   */
  public static Background sameThread() {
    return new Background(Runnable::run, UiDispatcher.immediate());
  }

  public UiDispatcher ui() {
    return ui;
  }

  /** Runs {@code work}, then {@code onSuccess} or {@code onFailure} on the UI thread. */
  public <T> void run(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Exception> onFailure) {
    workers.execute(
        () -> {
          T result;
          try {
            result = work.call();
          } catch (Exception failure) {
            ui.post(() -> onFailure.accept(failure));
            return;
          }
          // Outside the try: a failing success callback is a UI bug for the uncaught handler, not a
          // failed task.
          ui.post(() -> onSuccess.accept(result));
        });
  }

  /** Fire-and-forget work whose failure is reported to {@code onFailure} on the UI thread. */
  public void run(ThrowingRunnable work, Consumer<? super Exception> onFailure) {
    run(
        () -> {
          work.run();
          return null;
        },
        ignored -> {},
        onFailure);
  }

  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
