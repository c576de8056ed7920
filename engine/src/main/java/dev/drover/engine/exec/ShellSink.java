package dev.drover.engine.exec;

/** Where a shell's terminal output goes; called on a stream thread, never concurrently. */
public interface ShellSink {

  /**
   * Bytes the terminal printed (UTF-8 with escape sequences, split anywhere, also inside a
   * character).
   */
  void output(byte[] bytes);

  /**
   * The shell ended: it exited, the engine went away or it could not start. Called exactly once,
   * last.
   */
  void ended(ShellEnd end);
}
