package dev.drover.engine.logs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineErrors;
import dev.drover.engine.EngineException;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Reads containers' logs ({@code docker logs [-f] --timestamps}): standard output and error as
 * separate, whole, time-stamped lines, for TTY containers too.
 *
 * <p>Not final so that view model tests can stand in a scripted log for the engine.
 */
public final class ContainerLogs {

  private final EngineClients clients;

  public ContainerLogs(EngineClients clients) {
    this.clients = clients;
  }

  /**
   * Starts reading the log of {@code containerId} (an id, a prefix of one, or a name) into {@code
   * sink}, and returns at once; lines arrive on a stream thread. A failure to start (no such
   * container, engine unreachable) also arrives through the sink, as {@link LogSink#failed} or
   * {@link LogSink#ended} with a reason.
   *
   * @throws EngineException when no engine client can be made (e.g. the Docker configuration is
   *     broken)
   */
  public LogSubscription follow(String containerId, LogRequest request, LogSink sink) {
    DockerClient streams;
    EngineEndpoint endpoint;
    try {
      streams = clients.streams();
      endpoint = clients.endpoint();
    } catch (RuntimeException e) {
      throw EngineException.of("Reading the logs of " + containerId, e, null);
    }
    var command =
        streams
            .logContainerCmd(containerId)
            .withStdOut(true)
            .withStdErr(true)
            .withTimestamps(true)
            .withFollowStream(request.follow());
    if (request.tail() == LogRequest.ALL) command.withTailAll();
    else command.withTail(request.tail());
    // The engine takes whole seconds; the lines before the exact instant are dropped as they
    // arrive.
    if (request.since() != null)
      command.withSince((int) Math.max(1, request.since().getEpochSecond()));
    var stream = new Stream(containerId, request, sink, endpoint);
    command.exec(stream);
    return stream::stop;
  }

  /** Whether the container still runs after its log stream ended; null when it is gone. */
  private Boolean running(String containerId) {
    try {
      var state = clients.requests().inspectContainerCmd(containerId).exec().getState();
      return state != null && Boolean.TRUE.equals(state.getRunning());
    } catch (NotFoundException gone) {
      return null;
    }
  }

  /** One log stream: assembles lines on docker-java's thread and reports its end exactly once. */
  private final class Stream implements ResultCallback<Frame> {
    private final String containerId;
    private final LogRequest request;
    private final LogSink sink;
    private final EngineEndpoint endpoint;
    private final LogLineAssembler assembler = new LogLineAssembler();
    // Made once: a method reference per frame was one more object for every kilobyte of a flooding
    // log.
    private final Consumer<LogLine> toSink = this::deliver;
    // Held while a line is delivered and while stopping: once stop() returns, nothing more reaches
    // the sink.
    private final ReentrantLock delivery = new ReentrantLock();
    private boolean stopped;
    private boolean finished;
    private Closeable connection;

    Stream(String containerId, LogRequest request, LogSink sink, EngineEndpoint endpoint) {
      this.containerId = containerId;
      this.request = request;
      this.sink = sink;
      this.endpoint = endpoint;
    }

    @Override
    public void onStart(Closeable connection) {
      delivery.lock();
      try {
        this.connection = connection;
      } finally {
        delivery.unlock();
      }
      if (isStopped()) closeQuietly(connection);
    }

    @Override
    public void onNext(Frame frame) {
      delivery.lock();
      try {
        if (stopped || finished) return;
        assembler.accept(frame.getStreamType(), frame.getPayload(), toSink);
      } finally {
        delivery.unlock();
      }
    }

    private void deliver(LogLine line) {
      var since = request.since();
      if (since != null && line.timestamp().isBefore(since)) return;
      sink.line(line);
    }

    @Override
    public void onError(Throwable failure) {
      // docker-java reports the failure of a stream it has already started, then completes it as
      // well.
      if (!finishOnce()) return;
      if (failure instanceof NotFoundException) {
        reportEnd(() -> sink.failed("There is no container " + containerId + " on the engine."));
      } else if (failure instanceof DockerException) {
        reportEnd(
            () ->
                sink.failed(
                    "The engine cannot show the logs of "
                        + containerId
                        + ": "
                        + EngineErrors.describe(failure, endpoint)));
      } else {
        reportEnd(() -> sink.ended(EngineErrors.describe(failure, endpoint)));
      }
    }

    @Override
    public void onComplete() {
      if (!finishOnce()) return;
      if (!request.follow()) {
        sink.ended(null);
        return;
      }
      reportEnd(sink::closing);
      // A followed log ends when the container stops, and also when the engine goes away (a
      // stopping engine
      // closes its streams cleanly). Asking the engine tells the two apart; that must not hold up
      // docker-java's thread, and the answer may take a while if the engine is half gone.
      Thread.ofVirtual()
          .name("logs-end-" + containerId)
          .start(
              () -> {
                String reason;
                try {
                  var running = running(containerId);
                  if (running == null) {
                    reportEnd(() -> sink.failed("The container " + containerId + " was removed."));
                    return;
                  }
                  reason =
                      running
                          ? "the engine closed the log stream while the container was still running."
                          : null;
                } catch (RuntimeException unreachable) {
                  reason = EngineErrors.describe(unreachable, endpoint);
                }
                var why = reason;
                reportEnd(() -> sink.ended(why));
              });
    }

    /**
     * Marks the stream finished and hands on the unfinished lines; false if it was finished or
     * stopped already.
     */
    private boolean finishOnce() {
      delivery.lock();
      try {
        if (stopped || finished) return false;
        finished = true;
        assembler.flush(this::deliver);
        return true;
      } finally {
        delivery.unlock();
      }
    }

    private void reportEnd(Runnable report) {
      delivery.lock();
      try {
        if (!stopped) report.run();
      } finally {
        delivery.unlock();
      }
    }

    private boolean isStopped() {
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
      // Closing interrupts docker-java's reader and closes the response; if the stream has not
      // started yet,
      // onStart closes it as soon as it does.
      if (open != null) closeQuietly(open);
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
