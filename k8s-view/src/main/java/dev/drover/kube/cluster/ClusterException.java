package dev.drover.kube.cluster;

/**
 * A cluster operation failed; the message says what happened and what to do, in words for the user.
 */
public class ClusterException extends RuntimeException {

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }

  public ClusterException(String message) {
    super(message);
  }
}
