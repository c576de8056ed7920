package dev.drover.app.ui.containers.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.stats.StatsSample;
import dev.drover.engine.stats.StatsSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

class StatsViewModelTest {

  private static final Instant T0 = Instant.parse("2024-05-02T10:00:00Z");
  private static final long MIB = 1024 * 1024;

  /** Stands in for the engine: the test says which readings arrive and when the stream ends. */
  private static final class ScriptedStats implements StatsSource {
    final List<String> followed = new ArrayList<>();
    Consumer<StatsSample> samples;
    Runnable onEnd;
    int closed;

    @Override
    public StatsSubscription follow(
        String containerId, Consumer<StatsSample> samples, Runnable onEnd) {
      followed.add(containerId);
      this.samples = samples;
      this.onEnd = onEnd;
      return () -> closed++;
    }

    void emit(StatsSample sample) {
      samples.accept(sample);
    }
  }

  /** A UI thread the test turns by hand: posts wait until {@link #runPending()}. */
  private static final class ManualUi implements UiDispatcher {
    final List<Runnable> pending = new ArrayList<>();

    @Override
    public void post(Runnable action) {
      pending.add(action);
    }

    void runPending() {
      while (!pending.isEmpty()) pending.removeFirst().run();
    }
  }

  private final ScriptedStats stats = new ScriptedStats();

  private static StatsSample at(int second, double cpu, long memory, long rx, long tx) {
    return new StatsSample(T0.plusSeconds(second), cpu, memory, 1L << 30, rx, tx);
  }

  private StatsViewModel started(int window) {
    var model = new StatsViewModel(stats, UiDispatcher.immediate(), "web", window);
    model.start();
    return model;
  }

  @Test
  void readingsBecomePointsAtSecondsSinceTheFirstReading() {
    var model = started(120);

    stats.emit(at(0, 0.0, 10 * MIB, 0, 0));
    stats.emit(at(1, 25.0, 12 * MIB, 0, 0));
    stats.emit(at(3, 50.5, 16 * MIB, 0, 0));

    assertThat(stats.followed).containsExactly("web");
    assertThat(model.cpu())
        .containsExactly(new StatsPoint(0, 0.0), new StatsPoint(1, 25.0), new StatsPoint(3, 50.5));
    assertThat(model.memory())
        .containsExactly(new StatsPoint(0, 10.0), new StatsPoint(1, 12.0), new StatsPoint(3, 16.0));
  }

  @Test
  void networkRatesComeFromTheDifferenceBetweenReadings() {
    var model = started(120);

    stats.emit(at(0, 0, MIB, 1_000_000, 500_000));
    stats.emit(at(1, 0, MIB, 1_000_000 + 2048, 500_000 + 1024));
    stats.emit(at(3, 0, MIB, 1_000_000 + 2048 + 8192, 500_000 + 1024));

    assertThat(model.networkRx())
        .as("no rate for the first reading; 2 KiB in 1 s; 8 KiB in 2 s")
        .containsExactly(new StatsPoint(1, 2.0), new StatsPoint(3, 4.0));
    assertThat(model.networkTx()).containsExactly(new StatsPoint(1, 1.0), new StatsPoint(3, 0.0));
    assertThat(model.latestNetworkProperty().get()).isEqualTo("↓ 4.0 KiB/s  ↑ 0 B/s");
  }

  @Test
  void aCounterThatGoesBackCountsAsNoTraffic() {
    var model = started(120);

    stats.emit(at(0, 0, MIB, 50_000, 50_000));
    stats.emit(at(1, 0, MIB, 100, 100));

    assertThat(model.networkRx()).containsExactly(new StatsPoint(1, 0.0));
    assertThat(model.networkTx()).containsExactly(new StatsPoint(1, 0.0));
  }

  @Test
  void theLatestFiguresReadAsDockerStatsPrintsThem() {
    var model = started(120);
    assertThat(model.latestCpuProperty().get()).isEqualTo("–");
    assertThat(model.statusProperty().get()).isEqualTo("Waiting for the first reading…");

    stats.emit(new StatsSample(T0, 12.345, (long) (45.6 * MIB), 1L << 30, 0, 0));

    assertThat(model.latestCpuProperty().get()).isEqualTo("12.3 %");
    assertThat(model.latestMemoryProperty().get()).isEqualTo("45.6 MiB / 1.0 GiB");
    assertThat(model.latestProperty().get()).contains("12.3 %").contains("45.6 MiB / 1.0 GiB");
    assertThat(model.statusProperty().get()).isEmpty();
  }

  @Test
  void theWindowKeepsOnlyTheNewestReadings() {
    var model = started(3);

    for (int second = 0; second < 5; second++) stats.emit(at(second, second, MIB, 0, 0));

    assertThat(model.cpu()).extracting(StatsPoint::value).containsExactly(2.0, 3.0, 4.0);
    assertThat(model.networkRx()).extracting(StatsPoint::seconds).containsExactly(2.0, 3.0, 4.0);
  }

  @Test
  void aBatchOfReadingsChangesEachSeriesOnce() {
    var ui = new ManualUi();
    var model = new StatsViewModel(stats, ui, "web", 4);
    model.start();
    stats.emit(at(0, 1, MIB, 0, 0));
    stats.emit(at(1, 2, MIB, 0, 0));
    ui.runPending();
    var cpuChanges = countChanges(model.cpu());
    var rxChanges = countChanges(model.networkRx());
    var mirror = mirrorOf(model.cpu());

    for (int second = 2; second < 7; second++) stats.emit(at(second, second + 1, MIB, 0, 0));
    assertThat(model.cpu()).as("nothing reaches the model before the UI thread turns").hasSize(2);
    ui.runPending();

    assertThat(cpuChanges).as("one change for the batch of five").containsExactly(1);
    assertThat(rxChanges).containsExactly(1);
    assertThat(model.cpu()).extracting(StatsPoint::value).containsExactly(4.0, 5.0, 6.0, 7.0);
    assertThat(mirror)
        .as("a list following the changes one by one, as the chart does")
        .isEqualTo(model.cpu());
  }

  @Test
  void aStreamThatEndsSaysTheContainerIsNotRunningAndStartReadsAgain() {
    var model = started(120);
    stats.emit(at(0, 5, MIB, 0, 0));

    stats.onEnd.run();

    assertThat(model.statusProperty().get())
        .isEqualTo("The container is not running: no more readings.");
    assertThat(model.cpu()).as("the points so far stay").hasSize(1);

    model.start();
    stats.emit(at(10, 7, MIB, 0, 0));
    assertThat(stats.followed).containsExactly("web", "web");
    assertThat(model.cpu()).extracting(StatsPoint::seconds).containsExactly(0.0, 10.0);
    assertThat(model.statusProperty().get()).isEmpty();
  }

  @Test
  void startWhileReadingDoesNotSubscribeAgain() {
    var model = started(120);

    model.start();

    assertThat(stats.followed).hasSize(1);
  }

  @Test
  void closeStopsTheStreamAndIgnoresReadingsStillOnTheWay() {
    var model = started(120);
    var beforeClose = stats.samples;
    stats.emit(at(0, 5, MIB, 0, 0));

    model.close();
    beforeClose.accept(at(1, 6, MIB, 0, 0));
    stats.onEnd.run();
    model.start();

    assertThat(stats.closed).isEqualTo(1);
    assertThat(model.cpu()).hasSize(1);
    assertThat(model.statusProperty().get()).isEqualTo("Closed");
    assertThat(stats.followed).as("a closed model stays closed").hasSize(1);
  }

  @Test
  void aFailingServiceEndsTheStreamInsteadOfThrowing() {
    StatsSource failing =
        (containerId, samples, onEnd) -> {
          throw new IllegalStateException("boom");
        };
    var model = new StatsViewModel(failing, UiDispatcher.immediate(), "web", 120);

    model.start();

    assertThat(model.statusProperty().get())
        .isEqualTo("The container is not running: no more readings.");
  }

  private static List<Integer> countChanges(ObservableList<StatsPoint> list) {
    var counter = new ArrayList<Integer>();
    counter.add(0);
    list.addListener(
        (ListChangeListener<StatsPoint>) change -> counter.set(0, counter.getFirst() + 1));
    return counter;
  }

  private static List<StatsPoint> mirrorOf(ObservableList<StatsPoint> list) {
    var mirror = new ArrayList<>(list);
    list.addListener(
        (ListChangeListener<StatsPoint>)
            change -> {
              while (change.next()) {
                if (change.wasRemoved())
                  mirror
                      .subList(change.getFrom(), change.getFrom() + change.getRemovedSize())
                      .clear();
                if (change.wasAdded()) mirror.addAll(change.getFrom(), change.getAddedSubList());
              }
            });
    return mirror;
  }
}
