package dev.drover.kube.cluster.exec;

import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.ClusterException;
import dev.drover.kube.cluster.ClusterProblem;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Interactive shells in a pod's containers ({@code kubectl exec -it <pod> -c <container> -- sh}): a
 * TTY, so the output carries colours and cursor movement for a terminal emulator, and the shell
 * learns the emulator's size.
 *
 * <p>Not final so that view model tests can stand in scripted shells for the cluster.
 */
public final class PodShells {

  /** Where a shell's terminal output goes; called on a stream thread, never concurrently. */
  public interface Sink {
    /**
     * Bytes the terminal printed (UTF-8 with escape sequences, split anywhere, also inside a
     * character).
     */
    void output(byte[] bytes);

    /**
     * The shell ended; called exactly once, last.
     *
     * @param exitCode the shell's exit code, or null when it is not known or the shell failed
     * @param failure null when the shell exited, else what went wrong, for the user
     */
    void ended(Integer exitCode, String failure);
  }

  /** A running shell. Safe to call from any thread; none of these waits for the cluster. */
  public interface Session extends AutoCloseable {
    void send(byte[] input);

    void resize(int columns, int rows);

    /** Hangs up: the shell sees its terminal go away. */
    @Override
    void close();
  }

  /**
   * bash when the image has it, else the POSIX shell every image with a shell has; TERM as the
   * emulator speaks.
   */
  public static final List<String> SHELL =
      List.of(
          "/bin/sh",
          "-c",
          "export TERM=xterm-256color; if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi");

  // The status that ends a shell reaches the listener before the output queued ahead of it has been
  // written; the
  // socket's close follows that output. Should the close never come, the end is reported after this
  // long anyway.
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

  private final ClusterConnection connection;

  public PodShells(ClusterConnection connection) {
    this.connection = connection;
  }

  /**
   * The containers a shell can be opened in: the pod's containers in order (the first is {@code
   * kubectl exec}'s default), then its init containers, which run only at start unless they are
   * sidecars.
   */
  public List<String> containers(String namespace, String pod) {
    var found = pod(namespace, pod);
    if (found == null)
      throw new ClusterException("The pod " + namespace + "/" + pod + " no longer exists.");
    var names = new ArrayList<String>();
    found.getSpec().getContainers().forEach(c -> names.add(c.getName()));
    if (found.getSpec().getInitContainers() != null)
      found.getSpec().getInitContainers().forEach(c -> names.add(c.getName()));
    return names;
  }

  /**
   * Starts a shell in {@code container} of {@code pod} sized {@code columns} by {@code rows}, and
   * returns once the cluster has accepted it; output and the end arrive through {@code sink} on a
   * stream thread.
   *
   * @throws ClusterException when the pod or container is not running, the user may not exec, or
   *     the cluster is unreachable, with a message that says so
   */
  public Session open(
      String namespace, String pod, String container, int columns, int rows, Sink sink) {
    var end = new End(sink);
    var status = new AtomicReference<Exit>();
    var listener =
        new ExecListener() {
          @Override
          public void onFailure(Throwable failure, Response response) {
            end.report(
                null,
                "The connection to the shell in "
                    + container
                    + " broke: "
                    + connection.failure(failure).getMessage());
          }

          @Override
          public void onExit(int code, Status exit) {
            var how = new Exit(code, exit);
            status.set(how);
            Thread.ofVirtual()
                .name("pod-shell-end")
                .start(
                    () -> {
                      try {
                        Thread.sleep(CLOSE_GRACE);
                      } catch (InterruptedException e) {
                        return;
                      }
                      end.exited(container, how);
                    });
          }

          @Override
          public void onClose(int code, String reason) {
            end.exited(container, status.get());
          }
        };
    var output =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            if (length > 0 && !end.done())
              sink.output(Arrays.copyOfRange(bytes, offset, offset + length));
          }
        };
    ExecWatch watch;
    try {
      watch =
          connection
              .client()
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .inContainer(container)
              .redirectingInput()
              .writingOutput(output)
              .withTTY()
              .usingListener(listener)
              .exec(SHELL.toArray(String[]::new));
    } catch (RuntimeException e) {
      end.refused();
      throw refused(namespace, pod, container, e);
    }
    var session = new PodSession(watch, end);
    session.resize(columns, rows);
    end.accepted();
    return session;
  }

  /**
   * The sink's end, reported once. Nothing reaches the sink until the shell has been accepted: a
   * refused shell is reported once, by the exception from {@link #open}, though the stream reports
   * the same failure too.
   */
  private static final class End {
    private final Sink sink;
    private final CompletableFuture<Void> accepted = new CompletableFuture<>();
    private final AtomicBoolean reported = new AtomicBoolean();

    End(Sink sink) {
      this.sink = sink;
    }

    void accepted() {
      accepted.complete(null);
    }

    void refused() {
      reported.set(true);
      accepted.cancel(false);
    }

    boolean done() {
      return reported.get();
    }

    void exited(String container, Exit exit) {
      if (exit == null) {
        report(null, null);
      } else if (exit.code() >= 0) {
        report(exit.code(), null);
      } else if (exit.status() != null && "NonZeroExitCode".equals(exit.status().getReason())) {
        report(null, null);
      } else {
        report(
            null,
            couldNotStart(container, exit.status() == null ? null : exit.status().getMessage()));
      }
    }

    void report(Integer exitCode, String failure) {
      accepted.thenRun(
          () -> {
            if (reported.compareAndSet(false, true)) sink.ended(exitCode, failure);
          });
    }
  }

  /**
   * The status the kubelet ended the stream with, and the exit code the client read from it (-1:
   * none).
   */
  private record Exit(int code, Status status) {}

  /** Why the runtime could not start the shell: most often, there is none in the image. */
  static String couldNotStart(String container, String runtimeMessage) {
    var said = runtimeMessage == null ? "" : runtimeMessage;
    var lower = said.toLowerCase(Locale.ROOT);
    if (lower.contains("executable file not found")
        || lower.contains("no such file or directory")) {
      return "The container "
          + container
          + " has no shell (/bin/sh): its image, like distroless and scratch images, "
          + "brings none. To look inside, attach a debug container: kubectl debug -it <pod> --image=busybox --target="
          + container;
    }
    return "The shell in "
        + container
        + " could not start: "
        + (said.isBlank() ? "the cluster gave no reason." : said);
  }

  /**
   * Why the cluster refused the shell, asking the pod itself when the refusal does not say it
   * plainly.
   */
  private ClusterException refused(
      String namespace, String pod, String container, RuntimeException thrown) {
    var refusal = withStatus(thrown);
    var kind = ClusterProblem.of(refusal, null).kind();
    var said = connection.failure(refusal).getMessage();
    if (kind == ClusterProblem.Kind.FORBIDDEN) {
      return new ClusterException(
          "You may not open shells in "
              + namespace
              + "/"
              + pod
              + ": that needs the permission to create pods/exec; ask a cluster administrator for it. "
              + said,
          thrown);
    }
    if (kind == ClusterProblem.Kind.INVALID
        || kind == ClusterProblem.Kind.NOT_FOUND
        || kind == ClusterProblem.Kind.OTHER) {
      Pod found;
      try {
        found = pod(namespace, pod);
      } catch (RuntimeException unknown) {
        return new ClusterException("Opening a shell in " + container + " failed: " + said, thrown);
      }
      var notRunning = notRunning(found, namespace, pod, container);
      if (notRunning != null) return new ClusterException(notRunning, thrown);
    }
    return new ClusterException("Opening a shell in " + container + " failed: " + said, thrown);
  }

  /**
   * The client reports a refused upgrade without the API server's status; the handshake's response
   * carries it, so the refusal can be sorted like any other request's (403, 404, 400).
   */
  private RuntimeException withStatus(RuntimeException thrown) {
    for (Throwable cause = thrown;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (!(cause instanceof WebSocketHandshakeException handshake)
          || handshake.getResponse() == null) continue;
      var response = handshake.getResponse();
      Status status = null;
      try {
        var body = response.bodyString();
        if (body != null && !body.isBlank())
          status = connection.client().getKubernetesSerialization().unmarshal(body, Status.class);
      } catch (IOException | RuntimeException notAStatus) {
        // The code alone still says what kind of refusal this is.
      }
      var message =
          status != null && status.getMessage() != null
              ? status.getMessage()
              : "the cluster refused with HTTP " + response.code();
      if (status == null)
        status = new StatusBuilder().withCode(response.code()).withMessage(message).build();
      else if (status.getCode() == null) status.setCode(response.code());
      return new KubernetesClientException(status);
    }
    return thrown;
  }

  /** Says what keeps {@code container} from running a shell, or null when the pod looks able to. */
  static String notRunning(Pod found, String namespace, String pod, String container) {
    if (found == null) return "The pod " + namespace + "/" + pod + " no longer exists.";
    var phase = found.getStatus() == null ? null : found.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return "The pod " + pod + " has finished (" + phase + "); a shell needs a running pod.";
    }
    if (!"Running".equals(phase)) {
      return "The pod "
          + pod
          + " is "
          + (phase == null ? "not running yet" : phase)
          + "; a shell can open once it runs. Its events say what it is waiting for.";
    }
    var statuses =
        found.getStatus().getContainerStatuses() == null
            ? List.<ContainerStatus>of()
            : found.getStatus().getContainerStatuses();
    for (var status : statuses) {
      if (!container.equals(status.getName())
          || status.getState() == null
          || status.getState().getRunning() != null) continue;
      var waiting = status.getState().getWaiting();
      var why =
          waiting != null && waiting.getReason() != null ? " (" + waiting.getReason() + ")" : "";
      return "The container "
          + container
          + " is not running"
          + why
          + "; a shell can open once it runs again.";
    }
    if (found.getSpec().getContainers().stream().noneMatch(c -> container.equals(c.getName()))) {
      return "The init container "
          + container
          + " is not running; a shell can open only while it runs.";
    }
    return null;
  }

  private Pod pod(String namespace, String pod) {
    try {
      return connection.client().pods().inNamespace(namespace).withName(pod).get();
    } catch (RuntimeException e) {
      throw connection.failure(e);
    }
  }

  private static final class PodSession implements Session {
    private final ExecWatch watch;
    private final End end;
    private final OutputStream stdin;

    PodSession(ExecWatch watch, End end) {
      this.watch = watch;
      this.end = end;
      this.stdin = watch.getInput();
    }

    @Override
    public synchronized void send(byte[] input) {
      if (input.length == 0 || end.done()) return;
      try {
        // The exec stream queues what is written on its socket; neither call waits for the cluster.
        stdin.write(input);
        stdin.flush();
      } catch (IOException | RuntimeException lost) {
        // A shell that has just ended takes no input; its end is on its way to the sink.
      }
    }

    @Override
    public synchronized void resize(int columns, int rows) {
      if (columns <= 0 || rows <= 0 || end.done()) return;
      try {
        watch.resize(columns, rows);
      } catch (RuntimeException lost) {
        // As above: a lost resize only misplaces line wraps, and only when the shell is gone
        // anyway.
      }
    }

    @Override
    public void close() {
      end.report(null, "The shell was closed.");
      watch.close();
    }
  }
}
