package dev.drover.engine.images;

import com.github.dockerjava.api.async.ResultCallbackTemplate;
import com.github.dockerjava.api.model.ResponseItem;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What pull, push and build streams share: the engine's error inside the stream, cancelling, and
 * waiting.
 */
final class ImageStreams {

  private ImageStreams() {}

  /**
   * The engine's words when {@code item} reports a failure (a registry refusal arrives as a
   * message); else null.
   */
  static String engineError(ResponseItem item) {
    if (!item.isErrorIndicated()) return null;
    var detail = item.getErrorDetail();
    return detail != null && detail.getMessage() != null ? detail.getMessage() : item.getError();
  }

  /** Closes an abandoned stream; a failure to close it changes nothing. */
  static void close(ResultCallbackTemplate<?, ?> stream) {
    try {
      stream.close();
    } catch (IOException ignored) {
      // The stream is being abandoned.
    }
  }

  /**
   * Waits for {@code stream} to end ({@code timeout} null: for as long as it takes; on timeout it
   * is cancelled). A cancelled stream ends in a {@link CancellationException}, any other failure in
   * an {@link EngineException}.
   */
  static void await(
      ResultCallbackTemplate<?, ?> stream,
      Duration timeout,
      String action,
      BooleanSupplier cancelled,
      Runnable cancel,
      EngineClients clients)
      throws InterruptedException {
    try {
      if (timeout == null) {
        stream.awaitCompletion();
      } else if (!stream.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        cancel.run();
        throw new EngineException(
            action + " did not finish within " + timeout.toSeconds() + " s and was stopped.");
      }
    } catch (EngineException e) {
      throw e;
    } catch (RuntimeException e) {
      if (cancelled.getAsBoolean()) throw new CancellationException(action + " was cancelled.");
      throw clients.failure(action, e);
    }
    if (cancelled.getAsBoolean()) throw new CancellationException(action + " was cancelled.");
  }
}
