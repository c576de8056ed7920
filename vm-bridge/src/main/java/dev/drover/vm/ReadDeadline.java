package dev.drover.vm;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * Ends a blocking read at a deadline by closing what it reads from: reads on a socket channel
 * cannot time out by themselves. The read then fails with {@link
 * java.nio.channels.AsynchronousCloseException}. Closing this (once the read is done) calls the
 * watch off.
 */
public final class ReadDeadline implements AutoCloseable {

  private final Thread watchdog;

  private ReadDeadline(Thread watchdog) {
    this.watchdog = watchdog;
  }

  /**
   * Closes {@code source} after {@code patience} unless this is closed first; the watch runs on a
   * thread of {@code threads}.
   */
  public static ReadDeadline after(Duration patience, Closeable source, Thread.Builder threads) {
    return new ReadDeadline(
        threads.start(
            () -> {
              try {
                Thread.sleep(patience);
                source.close();
              } catch (InterruptedException | IOException readInTime) {
                // Nothing to cut short.
              }
            }));
  }

  @Override
  public void close() {
    watchdog.interrupt();
  }
}
