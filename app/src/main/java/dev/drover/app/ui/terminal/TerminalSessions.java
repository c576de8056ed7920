package dev.drover.app.ui.terminal;

import dev.drover.engine.exec.ContainerShells;
import dev.drover.engine.exec.ShellSession;
import dev.drover.engine.exec.ShellSink;

/**
 * Where a terminal's shells come from: a container's engine, a pod's container in a cluster. The
 * terminal view model asks for one each time it opens a shell, so it does not care which.
 */
@FunctionalInterface
public interface TerminalSessions {

  /**
   * Starts a shell sized {@code columns} by {@code rows} and returns once it runs; output and its
   * end arrive through {@code sink} on a stream thread. Called on a background thread.
   *
   * @throws RuntimeException with a message a user can act on when no shell can be opened
   */
  ShellSession open(int columns, int rows, ShellSink sink);

  /** Shells in the container {@code containerId} of the engine. */
  static TerminalSessions inContainer(ContainerShells shells, String containerId) {
    return (columns, rows, sink) -> shells.open(containerId, columns, rows, sink);
  }
}
