package dev.drover.engine.exec;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive shells in running containers ({@code docker exec -it <container> sh}): a TTY, so the
 * output carries colours and cursor movement for a terminal emulator, and the shell learns the
 * emulator's size.
 *
 * <p>Not final so that view model tests can stand in a scripted shell for the engine.
 */
public final class ContainerShells {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerShells.class);

  /** bash when the image has it, else the POSIX shell every image with a shell has. */
  static final String[] SHELL = {
    "/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi"
  };

  private final EngineClients clients;

  public ContainerShells(EngineClients clients) {
    this.clients = clients;
  }

  /**
   * Starts a shell in {@code containerId} sized {@code columns} by {@code rows}, and returns once
   * the engine has accepted it; output and the end arrive through {@code sink} on a stream thread.
   *
   * @throws EngineException when the container is not running, has no shell, or the engine is
   *     unreachable
   */
  public ShellSession open(String containerId, int columns, int rows, ShellSink sink) {
    var action = "Opening a shell in " + containerId;
    String execId;
    try {
      execId =
          clients
              .requests()
              .execCreateCmd(containerId)
              .withTty(true)
              .withAttachStdin(true)
              .withAttachStdout(true)
              .withAttachStderr(true)
              // No COLUMNS/LINES: busybox lets them override the terminal's real size, so resizes
              // would be ignored.
              .withEnv(List.of("TERM=xterm-256color"))
              .withCmd(SHELL)
              .exec()
              .getId();
    } catch (NotFoundException gone) {
      throw EngineException.of(
          action,
          new IllegalStateException("the container no longer exists; it may have been removed"),
          null);
    } catch (RuntimeException e) {
      // Docker answers 409 for a stopped container, Podman 500: ask the container rather than the
      // status code.
      if (e instanceof ConflictException || Boolean.FALSE.equals(running(containerId))) {
        throw EngineException.of(
            action,
            new IllegalStateException("the container is not running; start it to open a shell"),
            null);
      }
      throw clients.failure(action, e);
    }
    var session = new Session(execId, containerId, sink);
    try {
      clients.streams().execStartCmd(execId).withTty(true).withStdIn(session.stdin).exec(session);
    } catch (RuntimeException e) {
      session.close();
      throw clients.failure(action, e);
    }
    session.resize(columns, rows);
    return session;
  }

  private Boolean running(String containerId) {
    try {
      var state = clients.requests().inspectContainerCmd(containerId).exec().getState();
      return state != null && Boolean.TRUE.equals(state.getRunning());
    } catch (RuntimeException unknown) {
      return null;
    }
  }

  private final class Session implements ShellSession, ResultCallback<Frame> {
    private final String execId;
    private final String containerId;
    private final ShellSink sink;
    private final StdinQueue stdin = new StdinQueue();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Closeable stream;
    private volatile boolean hungUp;
    private volatile int[] size;

    Session(String execId, String containerId, ShellSink sink) {
      this.execId = execId;
      this.containerId = containerId;
      this.sink = sink;
    }

    @Override
    public void send(byte[] input) {
      stdin.offer(input);
    }

    @Override
    public void resize(int columns, int rows) {
      if (columns <= 0 || rows <= 0 || ended.get()) return;
      size = new int[] {columns, rows};
      // Podman ignores a resize that reaches it before the session runs: onStart sends the latest
      // size again.
      if (stream != null) sendSize(columns, rows);
    }

    private void sendSize(int columns, int rows) {
      Thread.ofVirtual()
          .name("shell-resize")
          .start(
              () -> {
                for (int attempt = 1; attempt <= 3 && !ended.get(); attempt++) {
                  try {
                    clients.requests().resizeExecCmd(execId).withSize(rows, columns).exec();
                    return;
                  } catch (RuntimeException lost) {
                    // A shell that has just exited cannot be resized, and a lost resize only
                    // misplaces line wraps.
                    LOG.debug(
                        "Resizing shell {} to {}x{} failed (attempt {})",
                        execId,
                        columns,
                        rows,
                        attempt,
                        lost);
                    try {
                      Thread.sleep(100L * attempt);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                }
              });
    }

    @Override
    public void close() {
      hungUp = true;
      stdin.end();
      var open = stream;
      if (open != null) {
        try {
          open.close();
        } catch (IOException ignored) {
          // Closing a hijacked connection that already broke has nothing left to report.
        }
      }
      end(ShellEnd.failed("The shell was closed."));
    }

    @Override
    public void onStart(Closeable closeable) {
      stream = closeable;
      if (hungUp) {
        close();
        return;
      }
      var wanted = size;
      if (wanted != null) sendSize(wanted[0], wanted[1]);
    }

    @Override
    public void onNext(Frame frame) {
      var payload = frame.getPayload();
      if (payload != null && payload.length > 0 && !ended.get()) sink.output(payload);
    }

    @Override
    public void onError(Throwable failure) {
      if (hungUp) return;
      end(ShellEnd.failed(clients.failure("The shell in " + containerId, failure).getMessage()));
    }

    @Override
    public void onComplete() {
      stdin.end();
      end(ShellEnd.exited(exitCode()));
    }

    private Integer exitCode() {
      // The stream can end a moment before the engine records the exit.
      for (int attempt = 0; attempt < 20; attempt++) {
        try {
          var exec = clients.requests().inspectExecCmd(execId).exec();
          if (!Boolean.TRUE.equals(exec.isRunning())) return exec.getExitCode();
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        } catch (RuntimeException gone) {
          return null;
        }
      }
      return null;
    }

    private void end(ShellEnd end) {
      if (ended.compareAndSet(false, true)) sink.ended(end);
    }
  }
}
