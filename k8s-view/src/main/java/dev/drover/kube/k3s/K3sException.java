package dev.drover.kube.k3s;

/**
 * A k3s download, install or start failed; the message says what happened and what the user can do.
 */
public final class K3sException extends RuntimeException {

  public K3sException(String message) {
    super(message);
  }

  public K3sException(String message, Throwable cause) {
    super(message, cause);
  }
}
