package dev.drover.engine.containerd;

import containerd.services.events.v1.EventsGrpc;
import containerd.services.events.v1.EventsOuterClass;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * containerd's event stream (all namespaces; containers, tasks, images), re-opened with back-off
 * whenever it breaks. The listener hears {@code connected} once containerd answers with the stream
 * open, and {@code disconnected} once per outage, not once per failed retry.
 */
final class ContainerdEventStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerdEventStream.class);

  /** containerd's filter syntax; several filters are alternatives. */
  static final List<String> TOPIC_FILTERS =
      List.of("topic~=\"^/containers/\"", "topic~=\"^/tasks/\"", "topic~=\"^/images/\"");

  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LAST_RETRY = Duration.ofSeconds(5);

  /** Whether containerd answers; throws when it does not. */
  interface Probe {
    void check();
  }

  private final ManagedChannel channel;
  private final ContainerdListener listener;
  private final Probe probe;
  private final Consumer<ContainerdEventStream> onClose;
  private volatile boolean closed;
  private volatile ClientCall<EventsOuterClass.SubscribeRequest, EventsOuterClass.Envelope> call;
  private Thread thread;

  ContainerdEventStream(
      ManagedChannel channel,
      ContainerdListener listener,
      Probe probe,
      Consumer<ContainerdEventStream> onClose) {
    this.channel = channel;
    this.listener = listener;
    this.probe = probe;
    this.onClose = onClose;
  }

  void start() {
    thread = Thread.ofVirtual().name("containerd-events").start(this::follow);
  }

  private void follow() {
    var retry = FIRST_RETRY;
    Boolean up = null; // unknown until the first try
    while (!closed) {
      String reason;
      var ended = new CompletableFuture<Throwable>();
      try {
        // containerd sends nothing on a new stream until an event happens, so an open stream cannot
        // be told
        // from one still connecting. Instead: a call that answers before it (the connection is up),
        // and one
        // after it on the same connection (containerd has read the subscription by the time it
        // answers).
        probe.check();
        call = channel.newCall(EventsGrpc.getSubscribeMethod(), CallOptions.DEFAULT);
        ClientCalls.asyncServerStreamingCall(
            call,
            EventsOuterClass.SubscribeRequest.newBuilder().addAllFilters(TOPIC_FILTERS).build(),
            observer(ended));
        probe.check();
        if (closed) break;
        if (!ended.isDone()) {
          if (up != Boolean.TRUE) tell(() -> listener.connected());
          up = true;
          retry = FIRST_RETRY;
        }
        reason = describe(ended.get());
      } catch (InterruptedException interrupted) {
        break;
      } catch (ExecutionException impossible) {
        reason = describe(impossible.getCause());
      } catch (RuntimeException unavailable) {
        if (call != null) call.cancel("containerd does not answer", null);
        reason = describe(unavailable);
      }
      if (closed) break;
      if (up != Boolean.FALSE) {
        var said = reason;
        tell(() -> listener.disconnected(said));
      }
      up = false;
      try {
        Thread.sleep(retry);
      } catch (InterruptedException interrupted) {
        break;
      }
      retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }
  }

  private StreamObserver<EventsOuterClass.Envelope> observer(CompletableFuture<Throwable> ended) {
    return new StreamObserver<>() {
      @Override
      public void onNext(EventsOuterClass.Envelope event) {
        tell(() -> listener.changed(event.getNamespace(), event.getTopic()));
      }

      @Override
      public void onError(Throwable failure) {
        ended.complete(failure);
      }

      @Override
      public void onCompleted() {
        ended.complete(null);
      }
    };
  }

  private static String describe(Throwable failure) {
    if (failure == null) return "containerd ended the event stream";
    var status = Status.fromThrowable(failure);
    var said = status.getDescription();
    return "containerd's event stream broke ("
        + status.getCode()
        + (said == null ? "" : ": " + said)
        + ")";
  }

  private void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException listenerFailure) {
      // a listener's bug must not end the stream that every list depends on
      LOG.warn("a containerd event listener failed", listenerFailure);
    }
  }

  @Override
  public void close() {
    closed = true;
    var current = call;
    if (current != null) current.cancel("closed", null);
    if (thread != null) thread.interrupt();
    onClose.accept(this);
  }
}
