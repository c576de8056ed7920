package dev.drover.engine.stats;

/** A running stats stream. */
@FunctionalInterface
public interface StatsSubscription extends AutoCloseable {

  /**
   * Stops the stream; once this returns no more samples arrive. Safe to call more than once; never
   * blocks on I/O.
   */
  @Override
  void close();
}
