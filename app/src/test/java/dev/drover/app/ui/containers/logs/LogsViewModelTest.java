package dev.drover.app.ui.containers.logs;

import static dev.drover.engine.logs.LogLine.Stream.STDERR;
import static dev.drover.engine.logs.LogLine.Stream.STDOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.logs.LogLine;
import dev.drover.engine.logs.LogRequest;
import dev.drover.engine.logs.LogSink;
import dev.drover.engine.logs.LogSubscription;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsViewModelTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.000000001Z");
  private static final EngineEndpoint ENDPOINT =
      EngineEndpoint.of("test", URI.create("unix:///run/test.sock"));
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path folder;

  /** Stands in for the engine: records each subscription and lets the test play its stream. */
  private static final class ScriptedLogs implements LogSource {
    final List<Call> calls = new ArrayList<>();

    @Override
    public LogSubscription follow(String containerId, LogRequest request, LogSink sink) {
      var call = new Call(containerId, request, sink);
      calls.add(call);
      return call::close;
    }

    Call last() {
      return calls.getLast();
    }
  }

  private static final class Call {
    final String containerId;
    final LogRequest request;
    final LogSink sink;
    boolean closed;

    Call(String containerId, LogRequest request, LogSink sink) {
      this.containerId = containerId;
      this.request = request;
      this.sink = sink;
    }

    void close() {
      closed = true;
    }

    void out(Instant at, String text) {
      sink.line(new LogLine(STDOUT, at, text));
    }
  }

  /** Holds posts until the test lets the "UI thread" run, like a busy FX thread between pulses. */
  private static final class PulsedUi implements UiDispatcher {
    private final Queue<Runnable> queued = new ArrayDeque<>();

    @Override
    public synchronized void post(Runnable action) {
      queued.add(action);
    }

    /**
     * One UI turn: runs what was posted before it began; what it posts waits for the next, as on
     * the FX thread.
     */
    synchronized void pulse() {
      for (int left = queued.size(); left > 0; left--) queued.poll().run();
    }

    synchronized boolean isIdle() {
      return queued.isEmpty();
    }

    int pulseUntilIdle() {
      int turns = 0;
      while (!queued.isEmpty()) {
        pulse();
        turns++;
      }
      return turns;
    }
  }

  private final ScriptedLogs engine = new ScriptedLogs();

  private LogsViewModel immediateModel(int maxLines) {
    return new LogsViewModel(
        engine, Background.sameThread(), UiDispatcher.immediate(), "web", unpaced(maxLines));
  }

  /**
   * For tests that deliver lines on their own thread between UI turns: no flow control, every turn
   * changes the list.
   */
  private static LogsTuning unpaced(int maxLines) {
    return LogsTuning.defaults()
        .withMaxLines(maxLines)
        .withClock(CLOCK)
        .withPauseAbove(Integer.MAX_VALUE)
        .withFloodFrame(Duration.ZERO)
        .withLineHandoverGap(Duration.ZERO);
  }

  private static List<String> texts(LogsViewModel model) {
    return model.lines().stream().map(LogEntry::text).toList();
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void firstReadFollowsTheNewestLinesThatFitTheBuffer() {
    var model = immediateModel(500);

    assertThat(engine.calls).hasSize(1);
    assertThat(engine.last().containerId).isEqualTo("web");
    assertThat(engine.last().request).isEqualTo(new LogRequest(null, 500, true));
    assertThat(model.statusProperty().get()).isEqualTo("Streaming");
  }

  @Test
  void linesArriveInOrderWithTheirStreamAndReadableText() {
    var model = immediateModel(100);

    engine.last().out(at(0), "\u001b[32mready\u001b[0m");
    engine.last().sink.line(new LogLine(STDERR, at(1), "warning: low disk"));

    assertThat(texts(model)).containsExactly("ready", "warning: low disk");
    assertThat(model.lines().get(0).stderr()).isFalse();
    assertThat(model.lines().get(1).stderr()).isTrue();
    assertThat(model.lines().get(0).segments()).hasSize(1);
    assertThat(model.lines().get(0).segments().getFirst().color())
        .isEqualTo(AnsiText.Color.indexed(2));
  }

  @Test
  void aFloodEntersTheBoundedBufferAFewThousandLinesPerTurnKeepingTheNewest() {
    var ui = new PulsedUi();
    var model =
        new LogsViewModel(engine, new Background(Runnable::run, ui), ui, "web", unpaced(100_000));
    ui.pulse();
    var changesThisTurn = new int[1];
    var mostChangesInATurn = new int[1];
    var mostAddedInATurn = new int[1];
    var addedThisTurn = new int[1];
    model
        .lines()
        .addListener(
            (ListChangeListener<LogEntry>)
                change -> {
                  changesThisTurn[0]++;
                  while (change.next()) addedThisTurn[0] += change.getAddedSize();
                });
    Runnable turn =
        () -> {
          changesThisTurn[0] = 0;
          addedThisTurn[0] = 0;
          ui.pulse();
          mostChangesInATurn[0] = Math.max(mostChangesInATurn[0], changesThisTurn[0]);
          mostAddedInATurn[0] = Math.max(mostAddedInATurn[0], addedThisTurn[0]);
        };

    // 250 000 lines, 50 000 between each of five UI turns: far more than one turn should take in.
    for (int pulse = 0; pulse < 5; pulse++) {
      for (int i = 0; i < 50_000; i++) {
        int n = pulse * 50_000 + i;
        engine.last().out(T0.plusNanos(n), "line " + n);
      }
      turn.run();
    }
    int turns = 0;
    while (model.lines().isEmpty() || !model.lines().getLast().text().equals("line 249999")) {
      turn.run();
      assertThat(++turns).as("the backlog drains").isLessThan(100);
    }

    assertThat(model.lines()).hasSize(100_000);
    assertThat(model.lines().getFirst().text()).isEqualTo("line 150000");
    assertThat(mostAddedInATurn[0])
        .as("lines entering the list in one turn")
        .isLessThanOrEqualTo(LogsViewModel.LINES_PER_TURN);
    assertThat(mostChangesInATurn[0])
        .as("list changes in one turn: a clear, a removal at the front, an add")
        .isLessThanOrEqualTo(3);
    assertThat(turns)
        .as("lines that would scroll out unseen are dropped, not drawn")
        .isLessThanOrEqualTo(100_000 / LogsViewModel.LINES_PER_TURN + 1);
  }

  @Test
  void aFloodWaitsForTheUiOnceAFewTurnsOfLinesAreWaiting() throws Exception {
    var ui = new PulsedUi();
    var model =
        new LogsViewModel(
            engine,
            new Background(Runnable::run, ui),
            ui,
            "web",
            unpaced(100_000).withPauseAbove(50));
    ui.pulse();
    var delivered = new AtomicInteger();
    var stream =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int n = 0; n < 200; n++) {
                    engine.last().out(T0.plusNanos(n), "line " + n);
                    delivered.incrementAndGet();
                  }
                });
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered.get() >= 50);
    Thread.sleep(200);
    assertThat(delivered.get())
        .as("the stream thread waits while the UI has not taken the lines")
        .isLessThan(60);

    while (stream.isAlive() || !ui.isIdle()) {
      ui.pulse();
      Thread.sleep(5);
    }
    ui.pulseUntilIdle();
    assertThat(model.lines()).hasSize(200);
    assertThat(model.lines().getLast().text()).isEqualTo("line 199");
  }

  @Test
  void aFloodChangesTheListAtMostOncePerFloodFrameAndTheEndOfTheStreamShowsTheRestAtOnce() {
    var ui = new PulsedUi();
    var timers = new ArrayList<Runnable>();
    var now = new AtomicLong(1_000_000_000L);
    var frame = Duration.ofMillis(50);
    var model =
        new LogsViewModel(
            engine,
            new Background(timers::add, ui),
            ui,
            "web",
            unpaced(1_000).withFloodFrame(frame).withNanoTime(now::get));
    timers.forEach(Runnable::run); // the subscription
    timers.clear();
    ui.pulseUntilIdle();
    var changes = new int[1];
    model.lines().addListener((ListChangeListener<LogEntry>) change -> changes[0]++);

    engine.last().out(at(0), "first");
    ui.pulseUntilIdle();
    assertThat(texts(model))
        .as("the first line of a quiet log shows at once")
        .containsExactly("first");

    for (int n = 1; n <= 3; n++) {
      engine.last().out(at(n), "line " + n);
      ui.pulseUntilIdle();
    }
    assertThat(texts(model)).as("within the frame, lines wait").containsExactly("first");
    assertThat(timers).as("one timer for the waiting lines, however many batches came").hasSize(1);

    now.addAndGet(frame.toNanos());
    timers.removeFirst().run();
    ui.pulseUntilIdle();
    assertThat(texts(model)).containsExactly("first", "line 1", "line 2", "line 3");
    assertThat(changes[0]).as("the waiting lines enter in one change").isEqualTo(2);

    engine.last().out(at(4), "last");
    engine.last().sink.ended(null);
    ui.pulseUntilIdle();
    assertThat(texts(model)).as("the stream ended: nothing to wait for").endsWith("line 3", "last");
    assertThat(model.statusProperty().get()).isEqualTo("Container stopped");
  }

  /**
   * A log whose first line is shown and whose second the handover gap holds back: a gap far longer
   * than the test.
   */
  private LogsViewModel withALineHeldForTheGap(PulsedUi ui) {
    var model =
        new LogsViewModel(
            engine,
            new Background(Runnable::run, ui),
            ui,
            "web",
            unpaced(1_000).withLineHandoverGap(Duration.ofMinutes(5)));
    ui.pulseUntilIdle();
    engine.last().out(at(0), "first");
    ui.pulseUntilIdle();
    engine.last().out(at(1), "held for the gap");
    return model;
  }

  @Test
  void linesHeldBackForTheHandoverGapAreInTheListBeforeTheStreamSaysItEnded() {
    var ui = new PulsedUi();
    var model = withALineHeldForTheGap(ui);
    ui.pulseUntilIdle();
    assertThat(texts(model)).as("within the gap, the line waits").containsExactly("first");

    engine.last().sink.ended(null);
    ui.pulseUntilIdle();
    assertThat(texts(model)).containsExactly("first", "held for the gap");
    assertThat(model.statusProperty().get()).isEqualTo("Container stopped");
  }

  @Test
  void linesHeldBackForTheHandoverGapAreInTheListBeforeTheStreamFails() {
    var ui = new PulsedUi();
    var model = withALineHeldForTheGap(ui);

    engine.last().sink.failed("The container web was removed.");
    ui.pulseUntilIdle();

    assertThat(texts(model)).containsExactly("first", "held for the gap");
    assertThat(model.statusProperty().get()).isEqualTo("The container web was removed.");
  }

  @Test
  void aFloodWaitsAfterTheFirstScreenUntilTheWindowHasDrawnIt() throws Exception {
    var ui = new PulsedUi();
    var timers = new CopyOnWriteArrayList<Runnable>();
    var frame = Duration.ofMillis(50);
    var model =
        new LogsViewModel(
            engine,
            new Background(timers::add, ui),
            ui,
            "web",
            unpaced(100_000).withFloodFrame(frame).withNanoTime(() -> 1_000_000_000L));
    timers.forEach(Runnable::run); // the subscription
    timers.clear();
    ui.pulseUntilIdle();
    var handed = new AtomicInteger();
    int total = LogsViewModel.FIRST_SCREEN + 500;
    var stream =
        Thread.ofPlatform()
            .name("test-stream")
            .start(
                () -> {
                  for (int n = 0; n < total; n++) {
                    engine.last().out(T0.plusNanos(n), "line " + n);
                    handed.incrementAndGet();
                  }
                });
    try {
      await("the stream thread stops at the first screen")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  handed.get() == LogsViewModel.FIRST_SCREEN - 1
                      && stream.getState() == Thread.State.TIMED_WAITING);

      ui.pulseUntilIdle();
      assertThat(model.lines())
          .as("the first screen is in the list")
          .hasSize(LogsViewModel.FIRST_SCREEN);
      Thread.sleep(100);
      assertThat(handed)
          .as("while the window draws it, the stream waits")
          .hasValue(LogsViewModel.FIRST_SCREEN - 1);
      assertThat(timers).as("a flood frame to let the drawing happen").hasSize(1);

      timers.removeFirst().run();
      ui.pulseUntilIdle();
      stream.join(Duration.ofSeconds(10));
      assertThat(handed).as("once the UI thread is free again, the rest is read").hasValue(total);
    } finally {
      model.close();
      stream.join(Duration.ofSeconds(10));
    }
  }

  @Test
  void theLastLinesShowAsSoonAsTheEngineClosesTheStreamWithoutWaitingForTheFloodFrame() {
    var ui = new PulsedUi();
    var timers = new ArrayList<Runnable>();
    var model =
        new LogsViewModel(
            engine,
            new Background(timers::add, ui),
            ui,
            "web",
            unpaced(1_000)
                .withFloodFrame(Duration.ofMillis(50))
                .withNanoTime(() -> 1_000_000_000L));
    timers.forEach(Runnable::run); // the subscription
    timers.clear();
    ui.pulseUntilIdle();

    engine.last().out(at(0), "first");
    ui.pulseUntilIdle();
    engine.last().out(at(1), "last");
    ui.pulseUntilIdle();
    assertThat(texts(model)).as("within the frame, the line waits").containsExactly("first");

    engine.last().sink.closing();
    ui.pulseUntilIdle();

    assertThat(texts(model)).containsExactly("first", "last");
    assertThat(model.statusProperty().get())
        .as("why it closed is not known yet")
        .isEqualTo("Streaming");
  }

  @Test
  void aBatchLargerThanTheBufferReplacesItInOneChange() {
    var ui = new PulsedUi();
    var model =
        new LogsViewModel(engine, new Background(Runnable::run, ui), ui, "web", unpaced(1_000));
    ui.pulse();
    var changes = new int[1];
    model.lines().addListener((ListChangeListener<LogEntry>) change -> changes[0]++);

    for (int n = 0; n < 2_500; n++) engine.last().out(T0.plusNanos(n), "line " + n);
    ui.pulse();

    assertThat(model.lines()).hasSize(1_000);
    assertThat(model.lines().getFirst().text()).isEqualTo("line 1500");
    assertThat(changes[0]).isEqualTo(1);
  }

  @Test
  void pausingKeepsReceivingLinesAndSaysPaused() {
    var model = immediateModel(100);

    model.followingProperty().set(false);
    engine.last().out(at(0), "while paused");

    assertThat(model.statusProperty().get()).isEqualTo("Paused");
    assertThat(texts(model)).containsExactly("while paused");
    model.followingProperty().set(true);
    assertThat(model.statusProperty().get()).isEqualTo("Streaming");
  }

  @Test
  void choosingSinceReadsAgainFromThatMomentAndDropsTheOldStream() {
    var model = immediateModel(100);
    var first = engine.last();
    first.out(at(0), "old");

    model.sinceProperty().set(LogsSince.LAST_HOUR);

    assertThat(first.closed).isTrue();
    assertThat(engine.calls).hasSize(2);
    assertThat(engine.last().request)
        .isEqualTo(new LogRequest(CLOCK.instant().minus(Duration.ofHours(1)), 100, true));
    assertThat(model.lines()).isEmpty();
    first.out(at(1), "late line of the dropped stream");
    engine.last().out(at(2), "recent");
    assertThat(texts(model)).containsExactly("recent");
  }

  @Test
  void searchFindsMatchingLinesIgnoringCaseAndEscapes() {
    var model = immediateModel(100);
    engine.last().out(at(0), "GET /health 200");
    engine.last().out(at(1), "\u001b[31mERROR\u001b[0m db timeout");
    engine.last().out(at(2), "GET /users 200");
    engine.last().out(at(3), "error: retrying");

    model.searchTextProperty().set("error");

    assertThat(model.matchingLines()).containsExactly(1, 3);
    assertThat(model.matchCountProperty().get()).isEqualTo(2);
    assertThat(model.currentMatchProperty().get()).as("the newest match first").isEqualTo(3);
    assertThat(model.matchSummaryProperty().get()).isEqualTo("2 of 2");
    assertThat(model.isMatch(model.lines().get(1))).isTrue();
    assertThat(model.isMatch(model.lines().get(0))).isFalse();
  }

  @Test
  void nextAndPreviousWalkTheMatchesRoundAndPauseFollowing() {
    var model = immediateModel(100);
    for (int i = 0; i < 6; i++) engine.last().out(at(i), i % 2 == 0 ? "match " + i : "other " + i);
    model.searchTextProperty().set("match");
    assertThat(model.currentMatchProperty().get()).isEqualTo(4);

    model.nextMatch();
    assertThat(model.currentMatchProperty().get())
        .as("after the last comes the first")
        .isEqualTo(0);
    assertThat(model.matchSummaryProperty().get()).isEqualTo("1 of 3");
    assertThat(model.followingProperty().get()).isFalse();
    model.nextMatch();
    assertThat(model.currentMatchProperty().get()).isEqualTo(2);
    model.previousMatch();
    model.previousMatch();
    assertThat(model.currentMatchProperty().get()).isEqualTo(4);
  }

  @Test
  void searchFollowsNewLinesAndLinesDroppedFromTheBuffer() {
    var model = immediateModel(3);
    model.searchTextProperty().set("hit");
    assertThat(model.matchSummaryProperty().get()).isEqualTo("No matches");

    engine.last().out(at(0), "hit 0");
    engine.last().out(at(1), "miss 1");
    engine.last().out(at(2), "hit 2");
    assertThat(model.matchingLines()).containsExactly(0, 2);

    engine.last().out(at(3), "hit 3");
    assertThat(texts(model)).containsExactly("miss 1", "hit 2", "hit 3");
    assertThat(model.matchingLines()).containsExactly(1, 2);
    assertThat(model.currentMatchProperty().get())
        .as("the current match was dropped: the oldest kept one")
        .isEqualTo(1);
  }

  @Test
  void logsResumeAfterEngineRestartWithoutRepeatingTheLastLines() {
    var model = immediateModel(100);
    var before = engine.last();
    before.out(at(0), "a");
    before.out(at(1), "b");
    before.out(at(1), "c");
    model.statusChanged(new EngineStatus.Unreachable(ENDPOINT, "connection refused"));
    before.sink.ended("connection refused at unix:///run/test.sock. Is the engine running?");

    assertThat(model.statusProperty().get())
        .isEqualTo(
            "Engine unreachable — resuming when it returns: connection refused at unix:///run/test.sock. Is the engine running?");
    assertThat(engine.calls).as("no new read while the engine is away").hasSize(1);

    model.statusChanged(new EngineStatus.Connected(ENDPOINT, "27.0", "Debian"));

    assertThat(engine.calls).hasSize(2);
    var after = engine.last();
    assertThat(after.request).isEqualTo(new LogRequest(at(1), LogRequest.ALL, true));
    assertThat(model.statusProperty().get()).isEqualTo("Streaming");
    // The engine repeats the lines from the resume instant on; only the new ones are kept.
    after.out(at(1), "b");
    after.out(at(1), "c");
    after.out(at(1), "c2 written in the same instant");
    after.out(at(2), "d");
    assertThat(texts(model)).containsExactly("a", "b", "c", "c2 written in the same instant", "d");
  }

  @Test
  void aStreamThatBreaksWhileTheEngineLooksUpIsRetriedOnceAtOnce() {
    var model = immediateModel(100);
    engine.last().out(at(0), "a");

    engine
        .last()
        .sink
        .ended("the engine closed the log stream while the container was still running.");
    assertThat(engine.calls).hasSize(2);
    assertThat(model.statusProperty().get()).isEqualTo("Streaming");

    engine.last().sink.ended("connection refused");
    assertThat(engine.calls).as("a second break waits for the engine to come back").hasSize(2);
    assertThat(model.statusProperty().get())
        .startsWith("Engine unreachable — resuming when it returns: connection refused");
  }

  @Test
  void aStoppedContainerSaysSoAndResumesWhenItRunsAgain() {
    var model = immediateModel(100);
    engine.last().out(at(0), "bye");
    engine.last().sink.ended(null);

    assertThat(model.statusProperty().get()).isEqualTo("Container stopped");
    model.statusChanged(new EngineStatus.Connected(ENDPOINT, "27.0", "Debian"));
    assertThat(engine.calls).as("a stopped container is not an outage").hasSize(1);

    model.containersChanged(
        new ContainerUpdate.Upsert(
            new ContainerSummary("f00ba40123456789", "other", "img", "running", "Up", T0)));
    assertThat(engine.calls).as("another container running changes nothing").hasSize(1);
    model.containersChanged(
        new ContainerUpdate.Upsert(
            new ContainerSummary("abcdef", "web", "img", "running", "Up 1 second", T0)));

    assertThat(engine.calls).hasSize(2);
    assertThat(engine.last().request.since()).isEqualTo(at(0));
    assertThat(model.statusProperty().get()).isEqualTo("Streaming");
  }

  @Test
  void aLogTheEngineRefusesSaysWhyAndIsNotRetried() {
    var model = immediateModel(100);

    engine.last().sink.failed("There is no container web on the engine.");
    model.statusChanged(new EngineStatus.Connected(ENDPOINT, "27.0", "Debian"));

    assertThat(model.statusProperty().get()).isEqualTo("There is no container web on the engine.");
    assertThat(engine.calls).hasSize(1);
  }

  @Test
  void copyGivesTheSelectedOrAllLinesAsShown() {
    var model = immediateModel(100);
    engine.last().out(Instant.parse("2025-03-01T10:00:00.5Z"), "\u001b[1mfirst\u001b[0m");
    engine.last().out(Instant.parse("2025-03-01T10:00:01Z"), "second");
    engine.last().out(Instant.parse("2025-03-01T10:00:02Z"), "third");

    assertThat(model.copyText(List.of(2, 0))).isEqualTo("first\nthird\n");
    assertThat(model.messageProperty().get()).isEqualTo("Copied 2 lines");
    model.showTimestampsProperty().set(true);
    assertThat(model.copyAllText())
        .isEqualTo(
            """
                2025-03-01T10:00:00.500Z first
                2025-03-01T10:00:01Z second
                2025-03-01T10:00:02Z third
                """);
  }

  @Test
  void saveWritesTheKeptLinesToTheFile() throws Exception {
    var model = immediateModel(100);
    engine.last().out(at(0), "one");
    engine.last().sink.line(new LogLine(STDERR, at(1), "two"));
    var file = folder.resolve("web.log");

    model.saveTo(file);

    assertThat(Files.readString(file)).isEqualTo("one\ntwo\n");
    assertThat(model.messageProperty().get()).isEqualTo("Saved 2 lines to " + file);
  }

  @Test
  void saveIntoAMissingFolderSaysWhy() {
    var model = immediateModel(100);
    var file = folder.resolve("missing").resolve("web.log");

    model.saveTo(file);

    assertThat(model.messageProperty().get()).startsWith("Could not save the log to " + file + ":");
  }

  @Test
  void closingStopsTheStreamAndIgnoresLateLines() {
    var model = immediateModel(100);
    var call = engine.last();
    call.out(at(0), "kept");

    model.close();
    call.out(at(1), "late");

    assertThat(call.closed).isTrue();
    assertThat(texts(model)).containsExactly("kept");
    model.statusChanged(new EngineStatus.Connected(ENDPOINT, "27.0", "Debian"));
    assertThat(engine.calls).hasSize(1);
  }

  @Test
  void aFailureToStartReadingIsShownAsText() {
    LogSource refusing =
        (containerId, request, sink) -> {
          throw new EngineException(
              "Reading the logs of web failed: the Docker context \"x\" is missing");
        };
    var model =
        new LogsViewModel(
            refusing, Background.sameThread(), UiDispatcher.immediate(), "web", unpaced(10));

    assertThat(model.statusProperty().get())
        .isEqualTo(
            "Cannot read the log: Reading the logs of web failed: the Docker context \"x\" is missing");
  }
}
