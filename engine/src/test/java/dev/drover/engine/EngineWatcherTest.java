package dev.drover.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Subscriptions to a watcher whose endpoint cannot be resolved (no engine is asked). */
class EngineWatcherTest {

  /** Hears statuses until it has heard an Unreachable one. */
  private static final class Statuses implements EngineListener {
    final List<EngineStatus> heard = new CopyOnWriteArrayList<>();
    final CountDownLatch unreachable = new CountDownLatch(1);

    @Override
    public void statusChanged(EngineStatus status) {
      heard.add(status);
      if (status instanceof EngineStatus.Unreachable) unreachable.countDown();
    }

    @Override
    public void containersChanged(ContainerUpdate update) {}
  }

  private static EngineWatcher unresolvable() {
    return new EngineWatcher(
        () -> {
          throw new EngineConfigurationException("DOCKER_HOST names no engine");
        });
  }

  @Test
  void aClosedSubscriptionHearsNothingWhileOthersStillDo() throws Exception {
    var kept = new Statuses();
    var dropped = new Statuses();
    try (var watcher = unresolvable()) {
      watcher.subscribe(kept);
      watcher.subscribe(dropped).close();
      watcher.start();

      assertThat(kept.unreachable.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(kept.heard.getFirst()).isEqualTo(new EngineStatus.Connecting(null));
      assertThat(dropped.heard).isEmpty();
    }
  }

  @Test
  void closingASubscriptionTwiceLeavesTheListenersOtherSubscription() throws Exception {
    var listener = new Statuses();
    try (var watcher = unresolvable()) {
      var first = watcher.subscribe(listener);
      watcher.subscribe(listener);
      first.close();
      first.close();
      watcher.start();

      assertThat(listener.unreachable.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(listener.heard).hasSize(2); // Connecting, then Unreachable: once each
    }
  }
}
