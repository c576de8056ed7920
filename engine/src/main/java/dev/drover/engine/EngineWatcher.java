package dev.drover.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one engine's status and container list current from its event stream, and reconnects when
 * the engine goes away. Nothing is polled while the engine is up: after one list, every change
 * arrives as a {@code docker events} message and only the containers it names are listed again.
 *
 * <p>Call order: {@link #subscribe} any number of times, then {@link #start()} once, then {@link
 * #close()}; a listener that subscribes later hears from the next change on. Listeners see
 * Connecting first, and every Connected is followed by a {@link ContainerUpdate.Reset} and a {@link
 * EngineListener#resourcesChanged} naming every kind.
 */
public final class EngineWatcher implements Closeable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);

  /**
   * Above this many changed containers in one burst, one full list is cheaper than an id filter.
   */
  private static final int MAX_IDS_PER_REFRESH = 200;

  private final Supplier<EngineEndpoint> endpoints;
  private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
  private final Semaphore retryNow = new Semaphore(0);
  private final ContainerListing listing = new ContainerListing();
  private volatile boolean closed;
  private volatile Thread thread;
  private volatile EngineStatus lastStatus;

  /**
   * The current connection attempt's queue: {@link #endpointChanged()} ends that connection through
   * it.
   */
  private volatile BlockingQueue<Signal> currentSignals;

  /**
   * @param endpoints resolved again on every connection attempt, so a changed context is picked up
   */
  public EngineWatcher(Supplier<EngineEndpoint> endpoints) {
    this.endpoints = endpoints;
  }

  /**
   * Tells {@code listener} what the watcher sees until the result is closed (a listener that lives
   * shorter than the app, such as a logs pane, closes it when it goes).
   */
  public AutoCloseable subscribe(EngineListener listener) {
    listeners.add(listener);
    var subscribed = new AtomicBoolean(true);
    return () -> {
      if (subscribed.getAndSet(false)) listeners.remove(listener);
    };
  }

  public void start() {
    if (thread != null) throw new IllegalStateException("the engine watcher is already started");
    thread = Thread.ofVirtual().name("engine-watcher").start(this::run);
  }

  /** The status last published; null before the first attempt. */
  public EngineStatus status() {
    return lastStatus;
  }

  /** Skips the wait between attempts, e.g. when the user presses "Reconnect". */
  public void reconnectNow() {
    retryNow.release();
  }

  /**
   * The endpoint supplier now names another engine: drops the current connection (without reporting
   * the engine unreachable) and connects to the new one at once. Any thread; does not block.
   */
  public void endpointChanged() {
    var signals = currentSignals;
    if (signals != null) signals.offer(new Signal.Switched());
    retryNow.release();
  }

  /** Stops watching and waits briefly for the watcher to let go of its connections. */
  @Override
  public void close() {
    closed = true;
    var running = thread;
    if (running == null) return;
    running.interrupt();
    try {
      running.join(Duration.ofSeconds(3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    var delay = Duration.ofMillis(250);
    publish(new EngineStatus.Connecting(null));
    while (!closed) {
      EngineEndpoint endpoint =
          null; // a failed resolution must not be reported against the previous one
      // Each connection has its own queue: a late message from a closed stream cannot reach the
      // next one.
      // It exists before the endpoint is resolved, so a switch in between is not lost.
      var signals = new LinkedBlockingQueue<Signal>();
      currentSignals = signals;
      try {
        endpoint = endpoints.get();
        if (!(lastStatus instanceof EngineStatus.Unreachable))
          publish(new EngineStatus.Connecting(endpoint));
        watch(endpoint, signals);
        delay = Duration.ofMillis(250);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | IOException failure) {
        if (closed) return;
        var reason = EngineErrors.describe(failure, endpoint);
        log().debug("engine {} unreachable: {}", endpoint, reason, failure);
        publish(new EngineStatus.Unreachable(endpoint, reason));
      }
      try {
        waitForRetry(delay);
      } catch (InterruptedException e) {
        return;
      }
      delay =
          delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0
              ? MAX_RETRY_DELAY
              : delay.multipliedBy(2);
    }
  }

  /** Returns when the engine's event stream ends; throws when the engine cannot be reached. */
  private void watch(EngineEndpoint endpoint, BlockingQueue<Signal> signals)
      throws InterruptedException, IOException {
    try (DockerClient requests = DockerClients.open(endpoint, REQUEST_TIMEOUT);
        DockerClient stream = DockerClients.open(endpoint, null)) {
      // The requests that start a connection go out together, each a round trip. The list, the
      // longest, goes
      // first and on this thread (not when a new thread first runs), and does not wait for the
      // engine's clock,
      // which only the event stream needs; the stream starts on a thread of its own once the list
      // is in.
      var calls = Executors.newVirtualThreadPerTaskExecutor();
      Closeable events = null;
      try {
        var listedAfter = Instant.now();
        var version = calls.submit(() -> requests.versionCmd().exec());
        var clock = calls.submit(() -> engineTime(requests, listedAfter));
        var all = list(requests, List.of());
        // Events are replayed from just before the list: a change between the two is applied after
        // the
        // list instead of being lost, and applying a change twice is harmless.
        var since = outcome(clock).getEpochSecond() - 1;
        events =
            stream
                .eventsCmd()
                .withSince(String.valueOf(since))
                .withEventTypeFilter(
                    EventType.CONTAINER, EventType.IMAGE, EventType.VOLUME, EventType.NETWORK)
                .exec(new EventsToSignals(signals));
        var engine = outcome(version);
        var kind = EngineKind.of(engine);
        if (kind == EngineKind.PODMAN) all = listing.withPodmanHealth(requests, List.of(), all);
        publish(
            new EngineStatus.Connected(endpoint, engine.getVersion(), engine.getOperatingSystem()));
        notifyContainers(new ContainerUpdate.Reset(all));
        notifyResources(EnumSet.allOf(ResourceKind.class));
        log()
            .info(
                "connected to {} (engine {}), {} containers",
                endpoint.describe(),
                engine.getVersion(),
                all.size());
        followEvents(signals, requests, endpoint, kind);
      } finally {
        calls.shutdownNow();
        if (events != null) events.close();
      }
    }
  }

  /** What {@code call} returned, or its failure as thrown by the call itself. */
  private static <T> T outcome(Future<T> call) throws InterruptedException {
    try {
      return call.get();
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case RuntimeException failure -> throw failure;
        case Error failure -> throw failure;
        default -> throw new IllegalStateException(e.getCause());
      }
    }
  }

  /**
   * The engine's clock at the host's {@code hostInstant}, so replaying events works when the host
   * and engine clocks differ (a VM). The engine reads its clock while it answers, after the host's
   * moment, so the offset worked out here errs early by at most the round trip: the replay may
   * start a little before the list, never after it.
   */
  private static Instant engineTime(DockerClient requests, Instant hostInstant) {
    try {
      var systemTime = requests.infoCmd().exec().getSystemTime();
      var answered = Instant.now();
      if (systemTime != null)
        return hostInstant.plus(Duration.between(answered, Instant.parse(systemTime)));
    } catch (DateTimeParseException | NullPointerException e) {
      // Fall through to the host clock.
    }
    return hostInstant;
  }

  private void followEvents(
      BlockingQueue<Signal> signals,
      DockerClient requests,
      EngineEndpoint endpoint,
      EngineKind kind)
      throws InterruptedException {
    while (!closed) {
      var batch = new ArrayList<Signal>();
      batch.add(signals.take());
      signals.drainTo(batch);
      Set<String> changed = new HashSet<>();
      Set<ResourceKind> kinds = EnumSet.noneOf(ResourceKind.class);
      for (var signal : batch) {
        switch (signal) {
          case Signal.Changed c -> changed.add(c.containerId());
          case Signal.ResourceChanged r -> kinds.add(r.kind());
          case Signal.StreamEnded ended -> {
            publish(new EngineStatus.Unreachable(endpoint, ended.reason()));
            return;
          }
          case Signal.Switched switched -> {
            return;
          }
        }
      }
      refresh(requests, changed, kind);
      if (!kinds.isEmpty()) notifyResources(kinds);
    }
  }

  /** Lists the changed containers once for a whole burst of events; those not listed are gone. */
  private void refresh(DockerClient requests, Set<String> ids, EngineKind kind) {
    if (ids.isEmpty()) return;
    if (ids.size() > MAX_IDS_PER_REFRESH) {
      notifyContainers(new ContainerUpdate.Reset(list(requests, List.of(), kind)));
      return;
    }
    var present = list(requests, List.copyOf(ids), kind);
    var gone = new HashSet<>(ids);
    for (var container : present) {
      gone.removeIf(id -> container.id().startsWith(id));
      notifyContainers(new ContainerUpdate.Upsert(container));
    }
    gone.forEach(id -> notifyContainers(new ContainerUpdate.Removed(id)));
  }

  private List<ContainerSummary> list(DockerClient requests, List<String> ids) {
    return listing.list(requests, ids);
  }

  /**
   * The containers, with the health Podman's compatible list leaves out of their status (see the
   * listing).
   */
  private List<ContainerSummary> list(DockerClient requests, List<String> ids, EngineKind kind) {
    var containers = list(requests, ids);
    return kind == EngineKind.PODMAN
        ? listing.withPodmanHealth(requests, ids, containers)
        : containers;
  }

  private void waitForRetry(Duration delay) throws InterruptedException {
    retryNow.drainPermits();
    retryNow.tryAcquire(delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void publish(EngineStatus status) {
    if (status.equals(lastStatus)) return;
    lastStatus = status;
    for (var listener : listeners) {
      guarded(listener, () -> listener.statusChanged(status));
    }
  }

  private void notifyContainers(ContainerUpdate update) {
    for (var listener : listeners) guarded(listener, () -> listener.containersChanged(update));
  }

  private void notifyResources(Set<ResourceKind> kinds) {
    var unmodifiable = Set.copyOf(kinds);
    for (var listener : listeners) guarded(listener, () -> listener.resourcesChanged(unmodifiable));
  }

  /**
   * A failing listener is a bug in that listener: report it, and keep the engine connection and the
   * others.
   */
  private static void guarded(EngineListener listener, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      var thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
    }
  }

  // Looked up on first use: this class is created before the first frame, and logging starts up
  // slowly.
  private static Logger log() {
    return LoggerFactory.getLogger(EngineWatcher.class);
  }

  private sealed interface Signal {
    record Changed(String containerId) implements Signal {}

    record ResourceChanged(ResourceKind kind) implements Signal {}

    record StreamEnded(String reason) implements Signal {}

    /** The endpoint supplier names another engine now. */
    record Switched() implements Signal {}
  }

  /** Runs on docker-java's stream thread: only queues, so the watcher thread does all the work. */
  private final class EventsToSignals extends ResultCallback.Adapter<Event> {
    private final BlockingQueue<Signal> signals;

    EventsToSignals(BlockingQueue<Signal> signals) {
      this.signals = signals;
    }

    @Override
    public void onNext(Event event) {
      var type = event.getType();
      if (type == EventType.IMAGE) signals.add(new Signal.ResourceChanged(ResourceKind.IMAGES));
      else if (type == EventType.VOLUME)
        signals.add(new Signal.ResourceChanged(ResourceKind.VOLUMES));
      else if (type == EventType.NETWORK)
        signals.add(new Signal.ResourceChanged(ResourceKind.NETWORKS));
      else {
        // Engines from API 1.52 on name the container only in the actor; older ones also in "id".
        var id =
            event.getActor() != null && event.getActor().getId() != null
                ? event.getActor().getId()
                : event.getId();
        // exec_* and attach events name a container whose listing they do not change.
        var action = event.getAction() == null ? "" : event.getAction();
        if (id != null
            && !action.startsWith("exec_")
            && !action.equals("attach")
            && !action.equals("top")) {
          signals.add(new Signal.Changed(id));
        }
      }
    }

    @Override
    public void onError(Throwable failure) {
      if (!closed)
        signals.add(
            new Signal.StreamEnded(
                "the engine stopped answering: " + EngineErrors.describe(failure, null)));
    }

    @Override
    public void onComplete() {
      if (!closed)
        signals.add(
            new Signal.StreamEnded("the engine closed the connection (it stopped or restarted)."));
    }
  }
}
