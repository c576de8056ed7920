package dev.drover.app.ui.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveTimesTest {

  private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    Instant now = START;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /**
   * A timer that only records what it was asked; the test runs the task when the clock gets there.
   */
  private static final class HandTimer implements LiveTimes.Timer {
    final List<Instant> scheduledFor = new ArrayList<>();
    Runnable task;
    int cancelled;
    private final HandClock clock;

    HandTimer(HandClock clock) {
      this.clock = clock;
    }

    @Override
    public AutoCloseable schedule(Duration delay, Runnable task) {
      scheduledFor.add(clock.now.plus(delay));
      this.task = task;
      return () -> {
        cancelled++;
        this.task = null;
      };
    }

    /** Moves the clock to the time the timer was set for and runs its task. */
    void fire() {
      clock.now = scheduledFor.getLast();
      var run = task;
      task = null;
      run.run();
    }
  }

  private final HandClock clock = new HandClock();
  private final HandTimer timer = new HandTimer(clock);
  private final LiveTimes times = new LiveTimes(clock, timer);

  @Test
  void nothingShownSetsNoTimer() {
    assertThat(times.showing()).isZero();
    assertThat(timer.scheduledFor).isEmpty();
    assertThat(times.nextTick()).isEmpty();
  }

  @Test
  void aTimeInItsFirstMinuteIsRefreshedEachSecondThenEachMinute() {
    var texts = new ArrayList<String>();
    var started = START.minusSeconds(58);
    times.show(
        started,
        Elapsed.WORDS,
        () -> texts.add(Elapsed.WORDS.text(Duration.between(started, times.now()))));

    assertThat(timer.scheduledFor).containsExactly(START.plusSeconds(1));
    timer.fire();
    timer.fire();
    timer.fire();

    assertThat(texts).containsExactly("59 seconds", "About a minute", "2 minutes");
    assertThat(timer.scheduledFor)
        .as("seconds, then minutes")
        .containsExactly(
            START.plusSeconds(1),
            START.plusSeconds(2),
            START.plusSeconds(62),
            START.plusSeconds(122));
  }

  @Test
  void theTimerIsSetForTheSoonestChangeAmongTheTextsShown() {
    times.show(START.minus(Duration.ofMinutes(5)), Elapsed.WORDS, () -> {});
    assertThat(times.nextTick()).contains(START.plusSeconds(60));

    var fresh = times.show(START, Elapsed.WORDS, () -> {});
    assertThat(times.nextTick())
        .as("a text counting seconds brings the tick forward")
        .contains(START.plusSeconds(1));

    times.show(START.minus(Duration.ofHours(3)), Elapsed.WORDS, () -> {});
    assertThat(times.nextTick())
        .as("a later change does not put it off")
        .contains(START.plusSeconds(1));
    assertThat(times.showing()).isEqualTo(3);
    assertThat(fresh).isNotNull();
  }

  @Test
  void whenTheLastTextLeavesTheScreenTheTimerIsCancelledAndNothingWakesTheUi() throws Exception {
    var changes = new ArrayList<String>();
    var first = times.show(START, Elapsed.WORDS, () -> changes.add("first"));
    var second = times.show(START.minusSeconds(600), Elapsed.WORDS, () -> changes.add("second"));

    first.close();
    assertThat(timer.cancelled).as("another text is still shown").isZero();
    second.close();

    assertThat(timer.cancelled).isEqualTo(1);
    assertThat(times.showing()).isZero();
    assertThat(times.nextTick()).isEmpty();
    assertThat(changes).isEmpty();
  }

  @Test
  void aTickOnlyRefreshesTheTextsThatChanged() {
    var changed = new ArrayList<String>();
    times.show(START, Elapsed.WORDS, () -> changed.add("seconds"));
    times.show(START.minusSeconds(600), Elapsed.WORDS, () -> changed.add("minutes"));

    timer.fire();

    assertThat(changed).containsExactly("seconds");
    assertThat(times.nextTick()).contains(START.plusSeconds(2));
  }
}
