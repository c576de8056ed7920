package dev.drover.kube.cluster.logs;

import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.ClusterException;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a pod container's log ({@code kubectl logs [-f] [-p] --timestamps}) line by line on a
 * virtual thread. The API server prefixes each line with its RFC 3339 time stamp; the line keeps it
 * apart from the text.
 */
public final class PodLogs {

  /** Which log to read. */
  public record Request(
      String namespace,
      String pod,
      String container,
      boolean previous,
      boolean follow,
      Instant since,
      int tailLines) {}

  /** One line: the kubelet's time stamp (null if the line has none) and the text. */
  public record Line(Instant timestamp, String text) {}

  /**
   * Receives a log stream on its reading thread, in order; nothing arrives after {@link #ended}.
   */
  public interface Sink {
    void line(Line line);

    /**
     * @param problemOrNull null when the log simply ended, else why it broke, for the user
     */
    void ended(String problemOrNull);
  }

  private final ClusterConnection connection;

  public PodLogs(ClusterConnection connection) {
    this.connection = connection;
  }

  /** Starts reading and returns at once; closing the handle stops the stream. */
  public AutoCloseable follow(Request request, Sink sink) {
    var pod = connection.client().pods().inNamespace(request.namespace()).withName(request.pod());
    var container = request.container() == null ? pod : pod.inContainer(request.container());
    var query =
        request.previous() ? container.usingTimestamps().terminated() : container.usingTimestamps();
    TailPrettyLoggable windowed =
        request.since() != null ? query.sinceTime(request.since().toString()) : query;
    var loggable = request.tailLines() >= 0 ? windowed.tailingLines(request.tailLines()) : windowed;
    var stop = new AtomicBoolean();
    var open = new AtomicReference<AutoCloseable>();
    Thread.ofVirtual()
        .name("pod-log-" + request.pod())
        .start(
            () -> {
              String problem = null;
              try {
                InputStream input;
                if (request.follow() && !request.previous()) {
                  var watch = loggable.watchLog();
                  open.set(watch);
                  input = watch.getOutput();
                } else {
                  input = loggable.getLogInputStream();
                  open.set(input);
                }
                if (stop.get()) return;
                try (var reader =
                    new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
                  for (String raw; !stop.get() && (raw = reader.readLine()) != null; )
                    sink.line(parse(raw));
                }
              } catch (IOException | RuntimeException e) {
                if (!stop.get())
                  problem =
                      e instanceof ClusterException
                          ? e.getMessage()
                          : connection.failure(e).getMessage();
              } finally {
                if (!stop.get()) sink.ended(problem);
              }
            });
    return () -> {
      if (!stop.compareAndSet(false, true)) return;
      var stream = open.get();
      if (stream != null) stream.close();
    };
  }

  static Line parse(String raw) {
    int space = raw.indexOf(' ');
    if (space > 19 && Character.isDigit(raw.charAt(0))) {
      try {
        return new Line(Instant.parse(raw.substring(0, space)), raw.substring(space + 1));
      } catch (DateTimeParseException notAStamp) {
        // A line that starts like a date but is not one: shown whole.
      }
    }
    return new Line(null, raw);
  }
}
