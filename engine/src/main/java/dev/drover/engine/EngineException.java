package dev.drover.engine;

/**
 * A command the engine could not carry out, with a message a user can act on (often the engine's
 * own words).
 */
public class EngineException extends RuntimeException {

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }

  public EngineException(String message) {
    super(message);
  }

  /** Wraps any failure of a command on {@code endpoint} with {@link EngineErrors#describe}. */
  public static EngineException of(String action, Throwable failure, EngineEndpoint endpoint) {
    if (failure instanceof EngineException engine) return engine;
    return new EngineException(
        action + " failed: " + EngineErrors.describe(failure, endpoint), failure);
  }
}
