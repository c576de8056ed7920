package dev.drover.engine.images;

import java.time.Duration;

/**
 * An image build under way. Output lines go to the consumer given when it was started, on the
 * engine stream's thread.
 */
public interface BuildHandle {

  /**
   * Blocks until the build ends and returns the id of the image it made.
   *
   * @throws dev.drover.engine.EngineException when the engine failed the build, in its words
   * @throws java.util.concurrent.CancellationException when {@link #cancel()} stopped it
   */
  String await() throws InterruptedException;

  /**
   * Like {@link #await()}, but stops the build and fails with an EngineException after {@code
   * timeout}.
   */
  String await(Duration timeout) throws InterruptedException;

  /** Stops the build: the stream to the engine is closed, and the engine abandons the work. */
  void cancel();

  boolean cancelled();
}
