package dev.drover.app.ui.concurrent;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One read (a list from the engine, say) that is requested far more often than it needs to run. At
 * most one read is in flight; requests while it runs collapse into exactly one more read when it
 * ends, so a burst of engine events costs at most two reads, and the last one starts after the last
 * event and so sees it.
 *
 * <p>Confined to the UI thread: {@link #request()} is called there, and {@link Background} delivers
 * the outcome there, so no state here needs a lock.
 */
public final class CoalescedRead<T> {

  private final Background background;
  private final Callable<T> read;
  private final Consumer<T> onRead;
  private final Consumer<Exception> onFailure;
  private boolean running;
  private boolean again;

  /**
   * @param read the read, run off the UI thread
   * @param onRead takes each read's result, on the UI thread
   * @param onFailure takes each read's failure, on the UI thread
   */
  public CoalescedRead(
      Background background, Callable<T> read, Consumer<T> onRead, Consumer<Exception> onFailure) {
    this.background = background;
    this.read = read;
    this.onRead = onRead;
    this.onFailure = onFailure;
  }

  /**
   * On the UI thread: starts a read if none runs, otherwise makes sure exactly one more follows the
   * running one.
   */
  public void request() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    background.run(read, this::read, this::failed);
  }

  private void read(T result) {
    running = false;
    onRead.accept(result);
    readAgainIfAsked();
  }

  private void failed(Exception failure) {
    running = false;
    onFailure.accept(failure);
    readAgainIfAsked();
  }

  private void readAgainIfAsked() {
    if (!again) return;
    again = false;
    request();
  }
}
