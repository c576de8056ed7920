package dev.drover.app.ui.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescedReadTest {

  /**
   * Holds each started read until the test lets it finish; outcomes then reach the callbacks at
   * once.
   */
  private static final class ManualExecutor implements Executor {
    private final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int pending() {
      return tasks.size();
    }

    void finishNext() {
      tasks.removeFirst().run();
    }
  }

  private final ManualExecutor executor = new ManualExecutor();
  private final Background background = new Background(executor, UiDispatcher.immediate());
  private final AtomicInteger reads = new AtomicInteger();
  private final List<Integer> results = new ArrayList<>();
  private final List<Exception> failures = new ArrayList<>();

  private CoalescedRead<Integer> counting() {
    return new CoalescedRead<>(background, reads::incrementAndGet, results::add, failures::add);
  }

  @Test
  void aRequestWhileAReadRunsCausesExactlyOneMoreReadAfterIt() {
    var read = counting();

    read.request();
    assertThat(executor.pending()).isEqualTo(1);
    read.request();
    assertThat(executor.pending()).as("no second read while the first runs").isEqualTo(1);

    executor.finishNext();
    assertThat(results).containsExactly(1);
    assertThat(executor.pending()).as("the asked-for read follows").isEqualTo(1);

    executor.finishNext();
    assertThat(results).containsExactly(1, 2);
    assertThat(executor.pending()).isZero();
    assertThat(failures).isEmpty();
  }

  @Test
  void manyRequestsDuringAReadStillGiveOnlyOneMoreRead() {
    var read = counting();

    read.request();
    for (int i = 0; i < 50; i++) read.request();
    assertThat(executor.pending()).isEqualTo(1);

    executor.finishNext();
    assertThat(executor.pending()).isEqualTo(1);
    executor.finishNext();

    assertThat(executor.pending()).isZero();
    assertThat(reads).hasValue(2);
    assertThat(results).containsExactly(1, 2);
  }

  @Test
  void aFailureIsReportedAndALaterRequestReadsAgain() {
    var thrown = new IOException("engine gone");
    var calls = new AtomicInteger();
    var read =
        new CoalescedRead<Integer>(
            background,
            () -> {
              if (calls.incrementAndGet() == 1) throw thrown;
              return calls.get();
            },
            results::add,
            failures::add);

    read.request();
    executor.finishNext();
    assertThat(failures).containsExactly(thrown);
    assertThat(results).isEmpty();
    assertThat(executor.pending()).as("nothing more was asked for").isZero();

    read.request();
    assertThat(executor.pending()).as("a failed read does not block the next").isEqualTo(1);
    executor.finishNext();
    assertThat(results).containsExactly(2);
    assertThat(failures).containsExactly(thrown);
  }
}
