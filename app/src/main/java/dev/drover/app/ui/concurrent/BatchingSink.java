package dev.drover.app.ui.concurrent;

import java.util.function.Consumer;

/**
 * A thread-safe sink whose items reach the UI thread in lists, and which can be told to hand over
 * what waits now.
 */
public interface BatchingSink<T> extends Consumer<T> {

  /**
   * Hands the items offered so far to the UI thread now, ahead of anything posted to it after this
   * call: a stream that ends reports its end after its last items, not before the ones a minimum
   * gap held back.
   */
  void flush();
}
