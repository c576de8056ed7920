package dev.drover.engine;

/**
 * The user's Docker configuration points at an engine that cannot be worked out.
 *
 * <p>Unchecked because nothing in the caller can repair the files on disk; the message is meant to
 * be shown as is, so it names the file and says what the user can do about it.
 */
public class EngineConfigurationException extends RuntimeException {

  public EngineConfigurationException(String message) {
    super(message);
  }

  public EngineConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
