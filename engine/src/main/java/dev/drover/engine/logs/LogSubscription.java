package dev.drover.engine.logs;

/** A running log stream. */
@FunctionalInterface
public interface LogSubscription extends AutoCloseable {

  /**
   * Stops the stream; once this returns the sink receives nothing more. Safe to call more than
   * once.
   */
  @Override
  void close();
}
