package dev.drover.kube.config;

/**
 * A kubeconfig could not be read or written; the message names the file and what the user can do.
 */
public final class KubeconfigException extends RuntimeException {

  public KubeconfigException(String message, Throwable cause) {
    super(message, cause);
  }

  public KubeconfigException(String message) {
    super(message);
  }
}
