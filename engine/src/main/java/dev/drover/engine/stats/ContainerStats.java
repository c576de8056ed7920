package dev.drover.engine.stats;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineErrors;
import dev.drover.engine.EngineException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Reads containers' resource use ({@code docker stats}): a stream of {@link StatsSample}s, one a
 * second from dockerd (Podman's compatible service sends one every few seconds), or a single
 * reading.
 *
 * <p>Not final so that view model tests can stand in scripted samples for the engine.
 */
public final class ContainerStats {

  private static final long SNAPSHOT_TIMEOUT_SECONDS = 30;
  private static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(1);

  private final EngineClients clients;

  public ContainerStats(EngineClients clients) {
    this.clients = clients;
  }

  /**
   * {@link #follow(String, Consumer, Runnable)} for a reader that need not know when the stream
   * ends.
   */
  public StatsSubscription follow(String containerId, Consumer<StatsSample> samples) {
    return follow(containerId, samples, () -> {});
  }

  /**
   * Starts streaming the resource use of {@code containerId} (an id, a prefix of one, or a name)
   * and returns at once, without any I/O on the calling thread. Samples reach {@code samples} on a
   * stream thread, one call at a time, in order; the first has a CPU use of 0, as there is nothing
   * yet to compare it with.
   *
   * <p>The stream ends by itself when the container stops or is removed, when there is no such
   * container, or when the engine goes away or cannot be reached: then {@code onEnd} runs once, on
   * a stream thread, and nothing more arrives. It does not run after {@link
   * StatsSubscription#close()}. Nothing here throws.
   */
  public StatsSubscription follow(
      String containerId, Consumer<StatsSample> samples, Runnable onEnd) {
    var stream = new Stream(containerId, samples, onEnd);
    Thread.ofVirtual()
        .name("stats-" + containerId)
        .start(
            () -> {
              EngineEndpoint endpoint = null;
              try {
                var streams = clients.streams();
                endpoint = clients.endpoint();
                stream.endpoint = endpoint;
                if (stream.isStopped()) return;
                streams.statsCmd(containerId).exec(stream);
              } catch (RuntimeException failure) {
                stream.onError(failure);
              }
            });
    return stream::stop;
  }

  /**
   * One reading of {@code containerId}, with its CPU use over about the last second (this takes one
   * to two seconds); empty when the container is not running. Blocks: call it off the UI thread.
   *
   * @throws EngineException when there is no such container or the engine cannot be reached
   */
  public Optional<StatsSample> snapshot(String containerId) {
    EngineEndpoint endpoint = null;
    try {
      endpoint = clients.endpoint();
      var first = readOnce(containerId);
      if (StatsMath.sample(first).isEmpty()) return Optional.empty();
      // dockerd's reading holds the previous second's counters; Podman's does not, so read again
      // and compare.
      if (StatsMath.hasPreviousCpu(first)) return StatsMath.sample(first);
      Thread.sleep(SNAPSHOT_INTERVAL.toMillis());
      return StatsMath.sampleSince(first, readOnce(containerId));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(
          "Reading the resource use of " + containerId + " was interrupted.", e);
    } catch (IOException | RuntimeException e) {
      throw EngineException.of("Reading the resource use of " + containerId, e, endpoint);
    }
  }

  private Statistics readOnce(String containerId) throws IOException, InterruptedException {
    var reading = new AtomicReference<Statistics>();
    var callback =
        new ResultCallback.Adapter<Statistics>() {
          @Override
          public void onNext(Statistics statistics) {
            reading.compareAndSet(null, statistics);
          }
        };
    try (callback) {
      clients.requests().statsCmd(containerId).withNoStream(true).exec(callback);
      if (!callback.awaitCompletion(SNAPSHOT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new EngineException(
            "Reading the resource use of "
                + containerId
                + " failed: the engine did not answer in time.");
      }
    }
    return reading.get();
  }

  /**
   * One stats stream: turns readings into samples on docker-java's thread and ends exactly once.
   */
  private static final class Stream implements ResultCallback<Statistics> {
    private final String containerId;
    private final Consumer<StatsSample> samples;
    private final Runnable onEnd;
    // Held while a sample is delivered and while stopping: once stop() returns, nothing more is
    // delivered.
    private final ReentrantLock delivery = new ReentrantLock();
    private boolean stopped;
    private boolean finished;
    private Closeable connection;
    volatile EngineEndpoint endpoint;

    Stream(String containerId, Consumer<StatsSample> samples, Runnable onEnd) {
      this.containerId = containerId;
      this.samples = samples;
      this.onEnd = onEnd;
    }

    @Override
    public void onStart(Closeable connection) {
      boolean over;
      delivery.lock();
      try {
        this.connection = connection;
        over = stopped || finished;
      } finally {
        delivery.unlock();
      }
      if (over) closeQuietly(connection);
    }

    @Override
    public void onNext(Statistics statistics) {
      Closeable open;
      delivery.lock();
      try {
        if (stopped || finished) return;
        var sample = StatsMath.sample(statistics);
        if (sample.isPresent()) {
          samples.accept(sample.get());
          return;
        }
        // dockerd goes on sending empty readings for a stopped container until it is removed.
        finished = true;
        open = connection;
      } finally {
        delivery.unlock();
      }
      if (open != null) closeQuietly(open);
      reportEnd(null);
    }

    @Override
    public void onError(Throwable failure) {
      if (finishOnce()) reportEnd(failure);
    }

    @Override
    public void onComplete() {
      if (finishOnce()) reportEnd(null);
    }

    private boolean finishOnce() {
      delivery.lock();
      try {
        if (stopped || finished) return false;
        finished = true;
        return true;
      } finally {
        delivery.unlock();
      }
    }

    private void reportEnd(Throwable failure) {
      if (failure != null) {
        LoggerFactory.getLogger(ContainerStats.class)
            .debug("stats of {} ended: {}", containerId, EngineErrors.describe(failure, endpoint));
      }
      delivery.lock();
      try {
        if (stopped) return;
        try {
          onEnd.run();
        } catch (RuntimeException ignored) {
          // The reader's own failure; the stream is over either way.
        }
      } finally {
        delivery.unlock();
      }
    }

    boolean isStopped() {
      delivery.lock();
      try {
        return stopped;
      } finally {
        delivery.unlock();
      }
    }

    void stop() {
      Closeable open;
      delivery.lock();
      try {
        if (stopped) return;
        stopped = true;
        open = connection;
      } finally {
        delivery.unlock();
      }
      // Closing interrupts docker-java's reader and closes the response, off the caller's thread; a
      // stream
      // not started yet is closed in onStart.
      if (open != null)
        Thread.ofVirtual().name("stats-close-" + containerId).start(() -> closeQuietly(open));
    }

    @Override
    public void close() {
      stop();
    }

    private static void closeQuietly(Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException ignored) {
        // The stream is being abandoned; a failure to close it changes nothing for the reader.
      }
    }
  }
}
