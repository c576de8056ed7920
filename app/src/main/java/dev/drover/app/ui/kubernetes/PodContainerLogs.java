package dev.drover.app.ui.kubernetes;

import dev.drover.app.ui.containers.logs.LogSource;
import dev.drover.engine.logs.LogLine;
import dev.drover.engine.logs.LogRequest;
import dev.drover.engine.logs.LogSink;
import dev.drover.engine.logs.LogSubscription;
import dev.drover.kube.cluster.logs.PodLogs;
import java.time.Clock;
import java.time.Instant;

/**
 * A pod container's log in the shape the containers' log view reads ({@link LogSource}), so the
 * same bounded, virtualized log view, search and time stamps serve pods. The "container id" the
 * view passes is the container name.
 */
final class PodContainerLogs implements LogSource {

  private final PodLogs logs;
  private final String namespace;
  private final String pod;
  private final boolean previous;
  private final Clock clock;

  PodContainerLogs(PodLogs logs, String namespace, String pod, boolean previous) {
    this.logs = logs;
    this.namespace = namespace;
    this.pod = pod;
    this.previous = previous;
    this.clock = Clock.systemUTC();
  }

  @Override
  public LogSubscription follow(String container, LogRequest request, LogSink sink) {
    var handle =
        logs.follow(
            new PodLogs.Request(
                namespace,
                pod,
                container,
                previous,
                request.follow() && !previous,
                request.since(),
                request.tail()),
            new PodLogs.Sink() {
              private Instant last = Instant.EPOCH;

              @Override
              public void line(PodLogs.Line line) {
                // A line without a time stamp takes the previous one, so the view's resume logic
                // keeps its order.
                var stamp =
                    line.timestamp() != null
                        ? line.timestamp()
                        : last.equals(Instant.EPOCH) ? clock.instant() : last;
                last = stamp;
                sink.line(new LogLine(LogLine.Stream.STDOUT, stamp, line.text()));
              }

              @Override
              public void ended(String problemOrNull) {
                if (problemOrNull == null) sink.ended(null);
                else sink.failed(problemOrNull);
              }
            });
    return () -> {
      try {
        handle.close();
      } catch (Exception ignored) {
        // The stream is over either way.
      }
    };
  }
}
