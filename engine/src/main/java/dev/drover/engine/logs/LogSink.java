package dev.drover.engine.logs;

/**
 * Receives a log stream. Called on the stream's own thread, one call at a time, in order;
 * implementations hand the lines to their own thread and return quickly. After {@link #ended} or
 * {@link #failed} nothing more arrives.
 */
public interface LogSink {

  void line(LogLine line);

  /**
   * The stream is over.
   *
   * @param reasonOrNull null when the log simply ended (the container stopped, or a non-following
   *     read reached the end); otherwise why the connection to the engine broke, in words a user
   *     can act on. Only in that case is it worth reading again when the engine is back.
   */
  void ended(String reasonOrNull);

  /**
   * The engine closed the stream: every line it sent has been delivered and no more will come on
   * it. {@link #ended} or {@link #failed} follows once it is known why (asking the engine about the
   * container may take a moment).
   */
  default void closing() {}

  /**
   * The engine answered but will not give this log (no such container, the container was removed,
   * its log driver cannot be read). Reading again will not help. By default treated as a broken
   * connection.
   */
  default void failed(String message) {
    ended(message);
  }
}
