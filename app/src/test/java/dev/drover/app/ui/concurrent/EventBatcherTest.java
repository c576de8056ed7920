package dev.drover.app.ui.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * UI turns are captured in a list and run by the test, as the FX thread would; the clock is the
 * test's.
 */
class EventBatcherTest {

  private final List<Runnable> turns = new CopyOnWriteArrayList<>();
  private final UiDispatcher ui = turns::add;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<List<Integer>> batches = new ArrayList<>();

  private void runTurns() {
    for (int i = 0; i < turns.size(); i++) turns.get(i).run();
    turns.clear();
  }

  @Test
  void withoutAGapEveryItemAfterADrainAsksForATurnAtOnce() {
    var batcher = new EventBatcher<Integer>(ui, batches::add);
    batcher.accept(1);
    runTurns();
    batcher.accept(2);

    assertThat(turns).as("a drain is asked for as soon as an item arrives").hasSize(1);
    runTurns();
    assertThat(batches).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void theFirstItemGoesAtOnceAndAFloodWaitsForTheGapToTravelTogether() {
    var batcher = new EventBatcher<Integer>(ui, batches::add, Duration.ofMillis(16), now::get);
    batcher.accept(1);
    assertThat(turns).as("the first item after a quiet spell is not held back").hasSize(1);
    runTurns();

    now.addAndGet(Duration.ofMillis(2).toNanos());
    for (int i = 2; i <= 500; i++) batcher.accept(i);
    assertThat(turns)
        .as("within the gap of the last drain, nothing asks the UI thread yet")
        .isEmpty();

    await().atMost(Duration.ofSeconds(5)).until(() -> !turns.isEmpty());
    runTurns();
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1)).hasSize(499).startsWith(2).endsWith(500);
  }

  @Test
  void anItemAfterTheGapHasPassedGoesAtOnce() {
    var batcher = new EventBatcher<Integer>(ui, batches::add, Duration.ofMillis(16), now::get);
    batcher.accept(1);
    runTurns();

    now.addAndGet(Duration.ofMillis(17).toNanos());
    batcher.accept(2);

    assertThat(turns).hasSize(1);
    runTurns();
    assertThat(batches).containsExactly(List.of(1), List.of(2));
  }
}
