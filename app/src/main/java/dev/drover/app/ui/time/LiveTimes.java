package dev.drover.app.ui.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javafx.application.Platform;

/**
 * Keeps relative times ("Up 5 seconds", "3m") true while they are on screen, with one timer for all
 * of them: it wakes the UI thread only when the soonest of the texts shown would change, and not at
 * all while none is shown. A text is shown from {@link #show} until its handle is closed; a table
 * cell does that as it comes and goes (see {@link LiveTimeCell}). Confined to the UI thread.
 */
public final class LiveTimes {

  /**
   * Runs a task on the UI thread after a delay; closing the handle cancels it if it has not run.
   */
  @FunctionalInterface
  public interface Timer {
    AutoCloseable schedule(Duration delay, Runnable task);
  }

  private final Clock clock;
  private final Timer timer;
  private final Set<Shown> shown = new LinkedHashSet<>();
  private AutoCloseable pending;
  private Instant pendingAt;

  public LiveTimes(Clock clock, Timer timer) {
    this.clock = clock;
    this.timer = timer;
  }

  /**
   * The system clock, and a timer that sleeps on a virtual thread and then posts to the FX thread.
   */
  public static LiveTimes onFxThread() {
    return new LiveTimes(
        Clock.systemUTC(),
        (delay, task) -> {
          var sleeper =
              Thread.ofVirtual()
                  .name("live-times")
                  .start(
                      () -> {
                        try {
                          Thread.sleep(delay);
                        } catch (InterruptedException cancelled) {
                          return;
                        }
                        Platform.runLater(task);
                      });
          return sleeper::interrupt;
        });
  }

  public Instant now() {
    return clock.instant();
  }

  /**
   * Shows a time {@code since} in {@code style}: {@code changed} runs each time its text changes,
   * until the returned handle is closed.
   */
  public AutoCloseable show(Instant since, Elapsed style, Runnable changed) {
    var entry = new Shown(since, style, changed);
    entry.changesAt = entry.nextChange(now());
    shown.add(entry);
    schedule();
    return () -> {
      if (shown.remove(entry) && shown.isEmpty()) cancel();
    };
  }

  /** How many texts are shown and kept current. */
  public int showing() {
    return shown.size();
  }

  /** When the timer will next wake the UI thread, if it is set. */
  public Optional<Instant> nextTick() {
    return Optional.ofNullable(pending == null ? null : pendingAt);
  }

  private void tick(AutoCloseable ticked) {
    if (pending != ticked) return; // cancelled after it was posted
    pending = null;
    pendingAt = null;
    var now = now();
    for (var entry : new ArrayList<>(shown)) {
      if (entry.changesAt.isAfter(now) || !shown.contains(entry)) continue;
      entry.changesAt = entry.nextChange(now);
      entry.changed.run();
    }
    schedule();
  }

  /**
   * Sets the timer for the soonest change, unless it is already set for that or sooner (a tick too
   * many is harmless).
   */
  private void schedule() {
    var soonest = shown.stream().map(entry -> entry.changesAt).min(Instant::compareTo).orElse(null);
    if (soonest == null) {
      cancel();
      return;
    }
    if (pending != null && !pendingAt.isAfter(soonest)) return;
    cancel();
    var delay = Duration.between(now(), soonest);
    var handle = new AutoCloseable[1];
    pendingAt = soonest;
    handle[0] = timer.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> tick(handle[0]));
    pending = handle[0];
  }

  private void cancel() {
    var running = pending;
    pending = null;
    pendingAt = null;
    if (running == null) return;
    try {
      running.close();
    } catch (Exception ignored) {
      // A timer that fails to cancel only wakes the UI thread once for nothing.
    }
  }

  private static final class Shown {
    final Instant since;
    final Elapsed style;
    final Runnable changed;
    Instant changesAt;

    Shown(Instant since, Elapsed style, Runnable changed) {
      this.since = since;
      this.style = style;
      this.changed = changed;
    }

    Instant nextChange(Instant now) {
      var next = style.nextChange(Duration.between(since, now));
      return next.getSeconds() == Long.MAX_VALUE ? Instant.MAX : since.plus(next);
    }
  }
}
