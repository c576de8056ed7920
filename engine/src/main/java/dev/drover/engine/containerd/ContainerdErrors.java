package dev.drover.engine.containerd;

import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns a failed containerd call into a sentence a user can act on, in containerd's own words where
 * it gave some.
 */
final class ContainerdErrors {

  private ContainerdErrors() {}

  /**
   * @param action what was being done, e.g. "stopping container web (namespace default)"
   */
  static EngineException failure(String action, Throwable failure, EngineEndpoint endpoint) {
    if (failure instanceof EngineException engine) return engine;
    return new EngineException(action + " failed: " + describe(failure, endpoint), failure);
  }

  static String describe(Throwable failure, EngineEndpoint endpoint) {
    var where = "containerd at " + endpoint.host();
    var status = Status.fromThrowable(failure);
    var said = status.getDescription() == null ? "" : status.getDescription().strip();
    var tls = tlsFailure(failure);
    if (tls != null) {
      var folder =
          endpoint.tlsMaterial().map(Object::toString).orElse("the endpoint's certificate folder");
      return "the TLS handshake with "
          + where
          + " failed ("
          + tls
          + "). Check the certificates in "
          + folder
          + ": containerd accepts only a client certificate (cert.pem, key.pem) signed by its own CA (ca.pem).";
    }
    if (status.getCode() == Status.Code.UNKNOWN && said.contains("deadline exceeded")) {
      // containerd's own call to the container's shim ran out of the time this call allowed
      return where + " did not answer in time (" + said + "). It may be busy: try again.";
    }
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          where
              + " does not answer: "
              + (said.isEmpty() ? rootMessage(failure) : said)
              + ". Is the VM running?";
      case DEADLINE_EXCEEDED ->
          where + " did not answer in time (" + said + "). It may be busy: try again.";
      case NOT_FOUND ->
          "not found (containerd said: "
              + said
              + "). It may have been removed meanwhile: refresh the list.";
      case ALREADY_EXISTS -> "it already exists (containerd said: " + said + ").";
      case FAILED_PRECONDITION -> "containerd said: " + said + ".";
      case PERMISSION_DENIED, UNAUTHENTICATED -> where + " refused access: " + said + ".";
      case CANCELLED -> "it was cancelled (" + said + ").";
      default ->
          "containerd said: "
              + status.getCode().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + (said.isEmpty() ? "" : ": " + said)
              + ".";
    };
  }

  /** The TLS problem in {@code failure}'s causes, or null when it is something else. */
  private static String tlsFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      }
    }
    if (failure instanceof StatusRuntimeException grpc
        && grpc.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      var said = String.valueOf(grpc.getStatus().getDescription()).toLowerCase(Locale.ROOT);
      if (said.contains("ssl") || said.contains("certificate") || said.contains("handshake")) {
        return grpc.getStatus().getDescription();
      }
    }
    return null;
  }

  private static String rootMessage(Throwable failure) {
    var root = failure;
    while (root.getCause() != null) root = root.getCause();
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static boolean isNotFound(StatusRuntimeException failure) {
    return failure.getStatus().getCode() == Status.Code.NOT_FOUND;
  }
}
