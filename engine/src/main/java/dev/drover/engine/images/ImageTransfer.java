package dev.drover.engine.images;

import java.time.Duration;

/**
 * A pull or push under way. Progress goes to the consumer given when it was started, on the engine
 * stream's thread.
 */
public interface ImageTransfer {

  /** Stops the transfer: the stream to the engine is closed, and the engine abandons the work. */
  void cancel();

  /**
   * Blocks until the transfer ends.
   *
   * @throws dev.drover.engine.EngineException when the engine or registry refused or failed it, in
   *     their words
   * @throws java.util.concurrent.CancellationException when {@link #cancel()} stopped it
   */
  void await() throws InterruptedException;

  /** Like {@link #await()}, but gives up with an EngineException after {@code timeout}. */
  void await(Duration timeout) throws InterruptedException;

  boolean cancelled();
}
