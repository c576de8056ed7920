package dev.drover.app.ui.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundTest {

  @Test
  void sameThreadDeliversTheResultToTheSuccessCallback() {
    var result = new AtomicReference<String>();
    var failure = new AtomicReference<Exception>();

    Background.sameThread().run(() -> "pulled", result::set, failure::set);

    assertThat(result).hasValue("pulled");
    assertThat(failure).hasNullValue();
  }

  @Test
  void sameThreadDeliversTheFailureToTheFailureCallback() {
    var result = new AtomicReference<Object>();
    var failure = new AtomicReference<Exception>();
    var thrown = new IOException("disk full");

    Background.sameThread()
        .run(
            () -> {
              throw thrown;
            },
            result::set,
            failure::set);

    assertThat(failure).hasValue(thrown);
    assertThat(result).hasNullValue();
  }

  @Test
  void sameThreadFireAndForgetReportsOnlyFailures() {
    var failures = new CopyOnWriteArrayList<Exception>();
    var ran = new AtomicReference<Boolean>(false);
    var background = Background.sameThread();

    background.run(() -> ran.set(true), failures::add);
    assertThat(ran).hasValue(true);
    assertThat(failures).isEmpty();

    var thrown = new IllegalStateException("no engine");
    background.run(
        () -> {
          throw thrown;
        },
        failures::add);
    assertThat(failures).containsExactly(thrown);
  }

  @Test
  void virtualThreadWorkDeliversSuccessThroughTheDispatcherNotOnTheWorker() throws Exception {
    var posted = new CopyOnWriteArrayList<Runnable>();
    var postedOnce = new CountDownLatch(1);
    UiDispatcher recording =
        action -> {
          posted.add(action);
          postedOnce.countDown();
        };
    var workerThread = new AtomicReference<Thread>();
    var successThread = new AtomicReference<Thread>();
    var result = new AtomicReference<Integer>();
    var failure = new AtomicReference<Exception>();

    try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
      var background = new Background(workers, recording);
      assertThat(background.ui()).isSameAs(recording);

      background.run(
          () -> {
            workerThread.set(Thread.currentThread());
            return 42;
          },
          value -> {
            successThread.set(Thread.currentThread());
            result.set(value);
          },
          failure::set);

      assertThat(postedOnce.await(10, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(workerThread.get()).isNotNull().isNotSameAs(Thread.currentThread());
    assertThat(workerThread.get().isVirtual()).isTrue();
    assertThat(result).as("the outcome waits for the UI thread").hasNullValue();
    assertThat(posted).hasSize(1);

    posted.getFirst().run();

    assertThat(result).hasValue(42);
    assertThat(successThread).hasValue(Thread.currentThread());
    assertThat(failure).hasNullValue();
  }

  @Test
  void virtualThreadWorkDeliversFailureThroughTheDispatcher() throws Exception {
    var posted = new CopyOnWriteArrayList<Runnable>();
    var postedOnce = new CountDownLatch(1);
    UiDispatcher recording =
        action -> {
          posted.add(action);
          postedOnce.countDown();
        };
    var failure = new AtomicReference<Exception>();
    var failureThread = new AtomicReference<Thread>();
    var thrown = new IOException("socket closed");

    try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
      new Background(workers, recording)
          .run(
              () -> {
                throw thrown;
              },
              value -> {},
              e -> {
                failureThread.set(Thread.currentThread());
                failure.set(e);
              });
      assertThat(postedOnce.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(failure).hasNullValue();

    List.copyOf(posted).forEach(Runnable::run);

    assertThat(failure).hasValue(thrown);
    assertThat(failureThread).hasValue(Thread.currentThread());
  }
}
