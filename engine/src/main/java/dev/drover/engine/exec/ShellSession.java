package dev.drover.engine.exec;

/**
 * A running shell: keystrokes in, window size changes, and a way to hang up. Safe to call from any
 * thread.
 */
public interface ShellSession extends AutoCloseable {

  /** Queues what the user typed; returns at once, so a UI thread can call it. */
  void send(byte[] input);

  /** Tells the shell its terminal now has {@code columns} by {@code rows} cells. */
  void resize(int columns, int rows);

  /** Hangs up: the shell sees end of input and the stream is closed. */
  @Override
  void close();
}
