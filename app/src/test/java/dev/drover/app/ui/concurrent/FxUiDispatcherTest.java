package dev.drover.app.ui.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The FX scheduler is replaced by a list, so each captured task is one turn of the FX thread. */
class FxUiDispatcherTest {

  private final List<Runnable> turns = new CopyOnWriteArrayList<>();
  private final FxUiDispatcher ui = new FxUiDispatcher(turns::add);

  /** Runs the captured turns one at a time, including any scheduled while running them. */
  private void runScheduledTurns() {
    for (int i = 0; i < turns.size(); i++) {
      turns.get(i).run();
    }
  }

  @Test
  void burstOfTenThousandPostsFromAnotherThreadIsOneUiTurnRunInOrder() throws InterruptedException {
    var ran = new ArrayList<Integer>();
    var producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    int n = i;
                    ui.post(() -> ran.add(n));
                  }
                });
    producer.join();

    assertThat(turns).as("FX turns scheduled for the whole burst").hasSize(1);
    assertThat(ran).as("nothing runs before the FX thread takes its turn").isEmpty();

    turns.getFirst().run();

    assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 10_000).boxed().toList());
    assertThat(turns).hasSize(1);
  }

  @Test
  void postMadeDuringATurnSchedulesANewTurnAndIsNotLost() {
    var ran = new ArrayList<String>();
    ui.post(
        () -> {
          ran.add("first");
          ui.post(() -> ran.add("posted during the turn"));
        });
    assertThat(turns).hasSize(1);

    turns.getFirst().run();

    assertThat(turns).as("a post made while the turn runs asks for another turn").hasSize(2);
    runScheduledTurns();
    assertThat(ran).containsExactly("first", "posted during the turn");
  }

  @Test
  void postAfterATurnHasRunSchedulesANewTurn() {
    var ran = new ArrayList<String>();
    ui.post(() -> ran.add("a"));
    turns.getFirst().run();

    ui.post(() -> ran.add("b"));

    assertThat(turns).hasSize(2);
    turns.get(1).run();
    assertThat(ran).containsExactly("a", "b");
  }

  @Test
  void failingActionDoesNotStopTheOthersInTheSameTurn() {
    var thread = Thread.currentThread();
    var previous = thread.getUncaughtExceptionHandler();
    var reported = new ArrayList<Throwable>();
    var reportedOn = new ArrayList<Thread>();
    thread.setUncaughtExceptionHandler(
        (t, e) -> {
          reportedOn.add(t);
          reported.add(e);
        });
    try {
      var ran = new ArrayList<String>();
      var failure = new IllegalStateException("bad update");
      ui.post(() -> ran.add("before"));
      ui.post(
          () -> {
            throw failure;
          });
      ui.post(() -> ran.add("after"));

      turns.getFirst().run();

      assertThat(ran).containsExactly("before", "after");
      assertThat(reported).containsExactly(failure);
      assertThat(reportedOn).containsExactly(thread);
      assertThat(turns).as("no extra turn is needed for the rest").hasSize(1);
    } finally {
      thread.setUncaughtExceptionHandler(previous);
    }
  }

  @Test
  void batchingDeliversTenThousandItemsFromSeveralThreadsAsOneListWhenTheTurnRuns()
      throws Exception {
    int producers = 8;
    int perProducer = 1_250;
    var batches = new ArrayList<List<Integer>>();
    var sink = ui.<Integer>batching(batches::add);
    var start = new CountDownLatch(1);
    var done = new CountDownLatch(producers);
    for (int p = 0; p < producers; p++) {
      int first = p * perProducer;
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < perProducer; i++) sink.accept(first + i);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  done.countDown();
                }
              });
    }
    start.countDown();
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(batches).as("nothing is delivered before the FX turn").isEmpty();
    assertThat(turns).hasSize(1);

    runScheduledTurns();

    assertThat(batches).hasSize(1);
    var batch = batches.getFirst();
    assertThat(batch)
        .hasSize(producers * perProducer)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, producers * perProducer).boxed().toList());
    for (int p = 0; p < producers; p++) {
      int lo = p * perProducer;
      int hi = lo + perProducer;
      assertThat(batch.stream().filter(n -> n >= lo && n < hi).toList())
          .as("items of producer %d keep their order", p)
          .isSorted();
    }
  }

  @Test
  void batchingStartsANewListForItemsOfferedAfterTheTurn() {
    var batches = new ArrayList<List<String>>();
    var sink = ui.<String>batching(batches::add);
    sink.accept("a");
    sink.accept("b");
    runScheduledTurns();

    sink.accept("c");
    runScheduledTurns();

    assertThat(batches).containsExactly(List.of("a", "b"), List.of("c"));
  }

  @Test
  void immediateDispatcherRunsOnTheCallingThreadAtOnce() {
    var ranOn = new ArrayList<Thread>();

    UiDispatcher.immediate().post(() -> ranOn.add(Thread.currentThread()));

    assertThat(ranOn).containsExactly(Thread.currentThread());
  }
}
