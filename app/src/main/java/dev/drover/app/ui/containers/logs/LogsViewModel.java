package dev.drover.app.ui.containers.logs;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.BatchingSink;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.logs.LogLine;
import dev.drover.engine.logs.LogRequest;
import dev.drover.engine.logs.LogSink;
import dev.drover.engine.logs.LogSubscription;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One container's log, live: a bounded buffer of lines fed from a {@link LogSource}, with
 * follow/pause, time stamps, a "since" choice, search, copy and save. When the engine goes away
 * mid-stream the log picks up where it left off once the engine is back, without repeating the last
 * line it had.
 *
 * <p>Everything here runs on the UI thread except the stream's own filtering, which runs on the
 * stream thread before lines are batched. Register it with the engine watcher ({@link
 * EngineListener}) to resume after an outage, and {@link #close()} it when its view goes away.
 */
public final class LogsViewModel implements EngineListener, AutoCloseable {

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_INSTANT;

  /**
   * The most lines that enter the list in one UI turn: a few milliseconds of work on the build
   * machine. The list's layout, not the lines, is what costs; the flood frame ({@link
   * LogsTuning#floodFrame()}) bounds how often that happens.
   */
  static final int LINES_PER_TURN = 10_000;

  /**
   * A reading stream stops after this many lines (or the buffer, if smaller) until the window has
   * drawn them plus a flood frame: the view's first lines cost the UI thread its costliest frame
   * (the list's cells are made and styled), and on a machine with few cores the engine and the
   * stream thread would otherwise take the cores it needs for it. More than a screenful, so that
   * one frame makes every visible cell.
   */
  static final int FIRST_SCREEN = 1_000;

  /**
   * Longer than one 60 Hz frame: the pulse that draws the first screen has begun by the time this
   * has passed.
   */
  private static final long FIRST_SCREEN_FRAME_NANOS = Duration.ofMillis(20).toNanos();

  private enum State {
    STREAMING,
    STOPPED,
    OUTAGE,
    FAILED,
    CLOSED
  }

  private final LogSource logs;
  private final Background background;
  private final UiDispatcher ui;
  private final String containerId;
  private final int maxLines;
  private final Clock clock;

  private final RingBufferList<LogEntry> buffer = new RingBufferList<>();
  private final ObservableList<LogEntry> lines = FXCollections.unmodifiableObservableList(buffer);
  private final BooleanProperty following = new SimpleBooleanProperty(this, "following", true);
  private final BooleanProperty showTimestamps =
      new SimpleBooleanProperty(this, "showTimestamps", false);
  private final ObjectProperty<LogsSince> since =
      new SimpleObjectProperty<>(this, "since", LogsSince.ALL);
  private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
  private final ReadOnlyIntegerWrapper matchCount =
      new ReadOnlyIntegerWrapper(this, "matchCount", 0);
  private final ReadOnlyIntegerWrapper currentMatch =
      new ReadOnlyIntegerWrapper(this, "currentMatch", -1);
  private final ReadOnlyStringWrapper matchSummary =
      new ReadOnlyStringWrapper(this, "matchSummary", "");
  private final ReadOnlyStringWrapper status =
      new ReadOnlyStringWrapper(this, "status", "Streaming");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ReadOnlyLongWrapper batches = new ReadOnlyLongWrapper(this, "batches", 0);

  // Line i of the buffer has sequence number firstSeq + i; matches and the current match are kept
  // as sequence
  // numbers, so dropping old lines only means moving firstSeq.
  private long firstSeq;
  // Lines received but not yet in the buffer: at most one UI turn's worth moves in per turn.
  private final ArrayDeque<LogEntry> backlog = new ArrayDeque<>();
  private boolean backlogScheduled;
  private final long floodFrameNanos;
  private final LongSupplier nanoTime;
  // When lines last entered the list, and whether a drain waits for the flood frame to pass.
  private long lastAppendNanos;
  private boolean appendedYet;
  private boolean drainTimed;
  // Lines the stream thread handed over that are not in the buffer yet (queued for the UI, or in
  // the backlog):
  // above pauseAbove the stream thread waits, so a flood is read at the pace the window can show
  // it.
  private final AtomicInteger waiting = new AtomicInteger();
  private final int pauseAbove;
  private final Duration lineHandoverGap;
  private final List<Long> matches = new ArrayList<>();
  private long currentSeq = -1;

  private volatile Subscriber current;
  private LogSubscription subscription;
  private State state = State.STREAMING;
  private String stateReason;
  private Instant lastTimestamp;
  private final List<LogLine> linesAtLastTimestamp = new ArrayList<>();
  // Assumed up: a log is opened from a live list. A broken stream is then retried once at once.
  private boolean engineConnected = true;
  private boolean retriedWhileConnected;

  public LogsViewModel(
      LogSource logs,
      Background background,
      UiDispatcher ui,
      String containerId,
      LogsTuning tuning) {
    this.logs = logs;
    this.background = background;
    this.ui = ui;
    this.containerId = containerId;
    this.maxLines = tuning.maxLines();
    this.clock = tuning.clock();
    this.pauseAbove = tuning.pauseAbove();
    this.floodFrameNanos = tuning.floodFrame().toNanos();
    this.nanoTime = tuning.nanoTime();
    this.lineHandoverGap = tuning.lineHandoverGap();
    following.addListener((obs, was, now) -> updateStatus());
    since.addListener((obs, was, now) -> restart());
    searchText.addListener((obs, was, now) -> searchAgain());
    restart();
  }

  // ---- state for the view ----

  /**
   * The lines kept, oldest first; at most the buffer size. Changes at most twice per batch of
   * lines.
   */
  public ObservableList<LogEntry> lines() {
    return lines;
  }

  /**
   * On: the view keeps the newest line in sight. Off ("paused"): lines keep arriving, the view
   * stays put.
   */
  public BooleanProperty followingProperty() {
    return following;
  }

  public BooleanProperty showTimestampsProperty() {
    return showTimestamps;
  }

  /** How far back to read; changing it reads the log again. */
  public ObjectProperty<LogsSince> sinceProperty() {
    return since;
  }

  public StringProperty searchTextProperty() {
    return searchText;
  }

  public ReadOnlyIntegerProperty matchCountProperty() {
    return matchCount.getReadOnlyProperty();
  }

  /** The index in {@link #lines()} of the match the user is at, or -1. */
  public ReadOnlyIntegerProperty currentMatchProperty() {
    return currentMatch.getReadOnlyProperty();
  }

  /** "3 of 12", "No matches", or empty when nothing is searched. */
  public ReadOnlyStringProperty matchSummaryProperty() {
    return matchSummary.getReadOnlyProperty();
  }

  /** Streaming, Paused, Container stopped, or why the log cannot be read now. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The outcome of the last copy or save, for the user to read. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /**
   * Counts the batches of lines appended: the view scrolls to the end once per batch while
   * following.
   */
  public ReadOnlyLongProperty batchesProperty() {
    return batches.getReadOnlyProperty();
  }

  public String containerId() {
    return containerId;
  }

  /** The indices in {@link #lines()} of the lines holding the search text, in order. */
  public List<Integer> matchingLines() {
    var indices = new ArrayList<Integer>(matches.size());
    for (long seq : matches) indices.add((int) (seq - firstSeq));
    return indices;
  }

  /** Whether {@code entry} holds the search text: the view highlights it. */
  public boolean isMatch(LogEntry entry) {
    var needle = searchText.get();
    return needle != null && !needle.isEmpty() && entry.contains(needle);
  }

  /** The time stamp as shown and copied: the engine's own RFC 3339 form. */
  public String timestampText(LogEntry entry) {
    return TIMESTAMP.format(entry.timestamp());
  }

  // ---- commands ----

  /**
   * Moves to the next match, after the last one back to the first; pauses following so the match
   * stays in view.
   */
  public void nextMatch() {
    moveMatch(+1);
  }

  public void previousMatch() {
    moveMatch(-1);
  }

  /**
   * The lines at {@code indices} as text, one per line, as shown (with time stamps if they are
   * shown).
   */
  public String copyText(List<Integer> indices) {
    var sorted = new ArrayList<>(indices);
    Collections.sort(sorted);
    var text = new StringBuilder();
    for (int index : sorted) {
      if (index < 0 || index >= buffer.size()) continue;
      appendLine(text, buffer.get(index), showTimestamps.get());
    }
    message.set(sorted.size() == 1 ? "Copied 1 line" : "Copied " + sorted.size() + " lines");
    return text.toString();
  }

  /** Every kept line as text. */
  public String copyAllText() {
    var text = new StringBuilder();
    boolean stamps = showTimestamps.get();
    for (var entry : buffer) appendLine(text, entry, stamps);
    message.set("Copied " + buffer.size() + " lines");
    return text.toString();
  }

  /**
   * Writes every kept line to {@code file} on a background thread; the outcome appears in {@link
   * #messageProperty()}.
   */
  public void saveTo(Path file) {
    var snapshot = List.copyOf(buffer);
    boolean stamps = showTimestamps.get();
    message.set("Saving " + snapshot.size() + " lines…");
    background.run(
        () -> {
          try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            var line = new StringBuilder();
            for (var entry : snapshot) {
              line.setLength(0);
              appendLine(line, entry, stamps);
              out.append(line);
            }
          }
          return snapshot.size();
        },
        count -> message.set("Saved " + count + " lines to " + file),
        failure -> message.set("Could not save the log to " + file + ": " + describe(failure)));
  }

  /** Stops the stream; the kept lines stay readable. */
  @Override
  public void close() {
    state = State.CLOSED;
    current = null;
    closeSubscription();
    updateStatus();
  }

  // ---- engine signals (watcher thread) ----

  @Override
  public void statusChanged(EngineStatus engineStatus) {
    ui.post(() -> engineStatusChanged(engineStatus));
  }

  @Override
  public void containersChanged(ContainerUpdate update) {
    var running =
        switch (update) {
          case ContainerUpdate.Upsert upsert ->
              isThisContainer(upsert.container()) && isRunning(upsert.container());
          case ContainerUpdate.Reset reset ->
              reset.containers().stream().anyMatch(c -> isThisContainer(c) && isRunning(c));
          case ContainerUpdate.Removed removed -> false;
        };
    if (running) ui.post(this::containerRunning);
  }

  private boolean isThisContainer(ContainerSummary container) {
    return container.id().startsWith(containerId)
        || container.name().equals(containerId)
        || ("/" + container.name()).equals(containerId);
  }

  private static boolean isRunning(ContainerSummary container) {
    return "running".equals(container.state());
  }

  private void engineStatusChanged(EngineStatus engineStatus) {
    if (engineStatus instanceof EngineStatus.Connected) {
      engineConnected = true;
      retriedWhileConnected = false;
      if (state == State.OUTAGE) resume();
    } else {
      engineConnected = false;
    }
  }

  /** The container was restarted after its log ended: read on from the last line. */
  private void containerRunning() {
    if (state == State.STOPPED) resume();
  }

  // ---- the stream ----

  /** Reads the log from scratch for the current "since" choice. */
  private void restart() {
    if (state == State.CLOSED) return;
    buffer.clear();
    waiting.addAndGet(-backlog.size());
    backlog.clear();
    appendedYet = false;
    firstSeq = 0;
    matches.clear();
    currentSeq = -1;
    lastTimestamp = null;
    linesAtLastTimestamp.clear();
    updateMatchState();
    var window = since.get().window();
    var from = window == null ? null : clock.instant().minus(window);
    subscribe(new LogRequest(from, maxLines, true), null, List.of());
  }

  /** Reads on from the last line received, skipping the lines of that instant already shown. */
  private void resume() {
    if (lastTimestamp == null) {
      restart();
      return;
    }
    subscribe(
        new LogRequest(lastTimestamp, LogRequest.ALL, true),
        lastTimestamp,
        List.copyOf(linesAtLastTimestamp));
  }

  private void subscribe(LogRequest request, Instant skipAt, List<LogLine> alreadyShown) {
    closeSubscription();
    var subscriber = new Subscriber(skipAt, alreadyShown);
    current = subscriber;
    state = State.STREAMING;
    stateReason = null;
    updateStatus();
    background.run(
        () -> logs.follow(containerId, request, subscriber),
        started -> {
          if (current == subscriber) subscription = started;
          else started.close();
        },
        failure -> {
          if (current != subscriber) return;
          current = null;
          state = State.FAILED;
          stateReason = "Cannot read the log: " + describe(failure);
          updateStatus();
        });
  }

  private void closeSubscription() {
    var open = subscription;
    subscription = null;
    if (open != null) background.run(open::close, ignored -> {});
  }

  private void apply(Subscriber from, List<LogEntry> batch) {
    if (from != current || batch.isEmpty()) {
      waiting.addAndGet(-batch.size());
      return;
    }
    from.received += batch.size();
    // Only the batch's last instant matters for resuming: find where its lines start from the end.
    var last = batch.getLast();
    var newest = last.timestamp();
    int sameInstant = batch.size();
    while (sameInstant > 0 && batch.get(sameInstant - 1).sameInstant(last)) sameInstant--;
    if (sameInstant > 0 || !newest.equals(lastTimestamp)) {
      lastTimestamp = newest;
      linesAtLastTimestamp.clear();
    }
    for (int i = sameInstant; i < batch.size(); i++) linesAtLastTimestamp.add(batch.get(i).line());
    backlog.addAll(batch);
    if (backlog.size() >= maxLines) {
      // Every line shown now, and the oldest waiting ones, would scroll out before being drawn:
      // drop them here.
      int skipped = backlog.size() - maxLines;
      for (int i = 0; i < skipped; i++) backlog.pollFirst();
      waiting.addAndGet(-skipped);
      firstSeq += buffer.size() + skipped;
      buffer.clear();
    }
    if (!backlogScheduled) drainBacklog();
  }

  /**
   * Moves up to {@link #LINES_PER_TURN} waiting lines into the buffer and leaves the rest for the
   * next UI turn, so opening a long finished log or a burst of output never holds the UI thread for
   * long. Within a flood frame of the last change the lines wait instead, for a timer, or for the
   * end of the stream.
   */
  private void drainBacklog() {
    drainBacklog(false);
  }

  private void drainBacklog(boolean continuing) {
    backlogScheduled = false;
    if (backlog.isEmpty()) return;
    if (!continuing && floodFrameNanos > 0 && appendedYet) {
      long due = lastAppendNanos + floodFrameNanos - nanoTime.getAsLong();
      if (due > 0) {
        drainAfter(due);
        return;
      }
    }
    int count = Math.min(LINES_PER_TURN, backlog.size());
    var chunk = new ArrayList<LogEntry>(count);
    for (int i = 0; i < count; i++) chunk.add(backlog.pollFirst());
    waiting.addAndGet(-count);
    append(chunk);
    var reading = current;
    if (reading != null
        && !reading.firstScreenDrawn
        && !reading.firstScreenPending
        && reading.received - backlog.size() >= firstScreen()) {
      letReadOnAfterThisFrame(reading);
    }
    if (!continuing) {
      lastAppendNanos = nanoTime.getAsLong();
      appendedYet = true;
    }
    if (!backlog.isEmpty()) {
      backlogScheduled = true;
      ui.post(() -> drainBacklog(true));
    }
  }

  /**
   * Drains the backlog {@code nanos} from now (once, however many ask), or sooner when the stream
   * ends.
   */
  private void drainAfter(long nanos) {
    backlogScheduled = true;
    if (drainTimed) return;
    drainTimed = true;
    background.run(
        () -> {
          LockSupport.parkNanos(nanos);
          return null;
        },
        ignored -> {
          drainTimed = false;
          if (backlogScheduled) drainBacklog();
        },
        ignored -> drainTimed = false);
  }

  private int firstScreen() {
    return Math.min(FIRST_SCREEN, maxLines);
  }

  /**
   * The first screen is in the list: a frame later, once the UI thread is free again (after the
   * frame that drew it), the stream may read on.
   */
  private void letReadOnAfterThisFrame(Subscriber reading) {
    reading.firstScreenPending = true;
    background.run(
        () -> {
          LockSupport.parkNanos(Math.min(floodFrameNanos, FIRST_SCREEN_FRAME_NANOS));
          return null;
        },
        ignored -> reading.firstScreenDrawn = true,
        ignored -> reading.firstScreenDrawn = true);
  }

  /**
   * Moves the waiting lines into the buffer now, a turn's worth at a time: nothing more is coming
   * to wait for.
   */
  private void drainRest() {
    if (!backlog.isEmpty()) drainBacklog(true);
  }

  private void append(List<LogEntry> batch) {
    long firstNew = firstSeq + buffer.size();
    int incoming = batch.size();
    if (incoming >= maxLines) {
      buffer.setAll(batch.subList(incoming - maxLines, incoming));
      firstSeq = firstNew + incoming - maxLines;
    } else {
      int overflow = Math.max(0, buffer.size() + incoming - maxLines);
      // Cheap on the ring buffer, and reported as "removed at the front" so the view redraws only
      // that; one
      // change with the new lines, so the list view re-measures once.
      buffer.dropOldestAndAddAll(overflow, batch);
      firstSeq += overflow;
    }
    var needle = searchText.get();
    if (needle != null && !needle.isEmpty()) {
      int dropped = 0;
      while (dropped < matches.size() && matches.get(dropped) < firstSeq) dropped++;
      matches.subList(0, dropped).clear();
      for (int i = 0; i < incoming; i++) {
        long seq = firstNew + i;
        if (seq >= firstSeq && batch.get(i).contains(needle)) matches.add(seq);
      }
      if (currentSeq >= 0 && currentSeq < firstSeq)
        currentSeq = matches.isEmpty() ? -1 : matches.getFirst();
      if (currentSeq < 0 && !matches.isEmpty()) currentSeq = matches.getLast();
    }
    updateMatchState();
    batches.set(batches.get() + 1);
  }

  private void ended(Subscriber from, String reason) {
    if (from != current) return;
    drainRest();
    current = null;
    subscription = null;
    if (reason == null) {
      state = State.STOPPED;
    } else {
      state = State.OUTAGE;
      stateReason = reason;
      if (engineConnected && !retriedWhileConnected) {
        // The engine looked up when the stream broke: maybe a hiccup. Once; after that, wait for
        // the engine.
        retriedWhileConnected = true;
        resume();
        return;
      }
    }
    updateStatus();
  }

  private void failed(Subscriber from, String reason) {
    if (from != current) return;
    drainRest();
    current = null;
    subscription = null;
    state = State.FAILED;
    stateReason = reason;
    updateStatus();
  }

  private void updateStatus() {
    status.set(
        switch (state) {
          case STREAMING -> following.get() ? "Streaming" : "Paused";
          case STOPPED -> "Container stopped";
          case OUTAGE -> "Engine unreachable — resuming when it returns: " + stateReason;
          case FAILED -> stateReason;
          case CLOSED -> "Closed";
        });
  }

  // ---- search ----

  private void searchAgain() {
    matches.clear();
    currentSeq = -1;
    var needle = searchText.get();
    if (needle != null && !needle.isEmpty()) {
      for (int i = 0; i < buffer.size(); i++) {
        if (buffer.get(i).contains(needle)) matches.add(firstSeq + i);
      }
      // The newest match first: in a log that is usually the one that matters.
      if (!matches.isEmpty()) currentSeq = matches.getLast();
    }
    updateMatchState();
  }

  private void moveMatch(int step) {
    if (matches.isEmpty()) return;
    int at = Collections.binarySearch(matches, currentSeq);
    int next;
    if (at >= 0) next = Math.floorMod(at + step, matches.size());
    else next = step > 0 ? 0 : matches.size() - 1;
    currentSeq = matches.get(next);
    following.set(false);
    updateMatchState();
  }

  private void updateMatchState() {
    matchCount.set(matches.size());
    currentMatch.set(currentSeq < 0 ? -1 : (int) (currentSeq - firstSeq));
    var needle = searchText.get();
    if (needle == null || needle.isEmpty()) matchSummary.set("");
    else if (matches.isEmpty()) matchSummary.set("No matches");
    else
      matchSummary.set(
          (Collections.binarySearch(matches, currentSeq) + 1) + " of " + matches.size());
  }

  // ---- helpers ----

  private void appendLine(StringBuilder text, LogEntry entry, boolean stamps) {
    if (stamps) text.append(timestampText(entry)).append(' ');
    text.append(entry.text()).append('\n');
  }

  private static String describe(Exception failure) {
    var text = failure.getMessage();
    return text == null || text.isBlank() ? failure.getClass().getSimpleName() : text;
  }

  /**
   * Receives one subscription's stream on its thread. Lines the previous subscription already
   * delivered (those before, or at the very instant of, the last line received) are dropped here;
   * the rest reach the UI in batches.
   */
  private final class Subscriber implements LogSink {
    private final BatchingSink<LogEntry> batcher =
        ui.batching(batch -> apply(this, batch), lineHandoverGap);
    // Without a flood frame (tests that drive the UI by hand) there is no first frame to make room
    // for.
    private volatile boolean firstScreenDrawn = floodFrameNanos == 0;
    // UI thread only: lines of this stream the UI thread took, and whether the first screen's wait
    // began.
    private long received;
    private boolean firstScreenPending;
    // Stream thread only: lines of this stream it handed over.
    private long handedOver;
    private Instant skipAt;
    private final List<LogLine> alreadyShown;

    Subscriber(Instant skipAt, List<LogLine> alreadyShown) {
      this.skipAt = skipAt;
      this.alreadyShown = new ArrayList<>(alreadyShown);
    }

    @Override
    public void line(LogLine line) {
      if (skipAt != null) {
        int order = line.timestamp().compareTo(skipAt);
        if (order < 0) return;
        if (order == 0 && alreadyShown.remove(line)) return;
        if (order > 0) skipAt = null;
      }
      batcher.accept(LogEntry.of(line));
      if (!firstScreenDrawn && ++handedOver >= firstScreen()) {
        while (!firstScreenDrawn && current == this) {
          LockSupport.parkNanos(2_000_000);
        }
      }
      if (waiting.incrementAndGet() > pauseAbove) {
        // Flow control: the engine's socket fills and the container waits, instead of this process
        // taking the cores the window needs to paint.
        while (waiting.get() > pauseAbove / 2 && current == this) {
          LockSupport.parkNanos(2_000_000);
        }
      }
    }

    @Override
    public void closing() {
      // The last lines need not wait for a flood frame while the engine is asked why the stream
      // ended.
      batcher.flush();
      ui.post(
          () -> {
            if (current == this) drainRest();
          });
    }

    @Override
    public void ended(String reasonOrNull) {
      batcher.flush();
      ui.post(() -> LogsViewModel.this.ended(this, reasonOrNull));
    }

    @Override
    public void failed(String message) {
      batcher.flush();
      ui.post(() -> LogsViewModel.this.failed(this, message));
    }
  }
}
