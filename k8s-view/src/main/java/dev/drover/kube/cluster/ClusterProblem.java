package dev.drover.kube.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Why a cluster cannot be used, sorted into the kinds a user fixes differently, with a message that
 * says so.
 *
 * @param kind what kind of failure
 * @param message what happened and what to do
 */
public record ClusterProblem(Kind kind, String message) {

  public enum Kind {
    DNS,
    REFUSED,
    TLS,
    UNAUTHORIZED,
    FORBIDDEN,
    TIMEOUT,
    NOT_FOUND,
    INVALID,
    OTHER
  }

  /** Sorts {@code failure} (from talking to the API server at {@code server}) into a problem. */
  public static ClusterProblem of(Throwable failure, String server) {
    var where = server == null ? "the cluster" : server;
    for (var cause = failure;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      switch (cause) {
        case UnknownHostException e -> {
          return new ClusterProblem(
              Kind.DNS,
              "The cluster's host name "
                  + hostOf(e, where)
                  + " cannot be resolved (DNS). Check the server address in the kubeconfig and your network or VPN.");
        }
        case ConnectException e -> {
          return new ClusterProblem(
              Kind.REFUSED,
              "Nothing accepts connections at "
                  + where
                  + " (connection refused). Is the cluster running?");
        }
        case NoRouteToHostException e -> {
          return new ClusterProblem(
              Kind.REFUSED, "There is no route to " + where + ". Check your network or VPN.");
        }
        case SSLException e -> {
          return new ClusterProblem(
              Kind.TLS,
              "The TLS handshake with "
                  + where
                  + " failed: "
                  + Kubeconfigs.rootMessage(e)
                  + ". The kubeconfig's certificate authority or client certificate may not match the cluster.");
        }
        case CertificateException e -> {
          return new ClusterProblem(
              Kind.TLS,
              "The certificate of "
                  + where
                  + " is not trusted: "
                  + e.getMessage()
                  + ". Check the certificate authority in the kubeconfig.");
        }
        case GeneralSecurityException e -> {
          return new ClusterProblem(
              Kind.TLS, "The TLS set-up for " + where + " failed: " + e.getMessage() + ".");
        }
        case SocketTimeoutException e -> {
          return timeout(where);
        }
        case HttpConnectTimeoutException e -> {
          return timeout(where);
        }
        case TimeoutException e -> {
          return timeout(where);
        }
        case KubernetesClientException e when e.getCode() == 401 -> {
          return new ClusterProblem(
              Kind.UNAUTHORIZED,
              "The cluster at "
                  + where
                  + " does not accept your credentials (401 Unauthorized). Log in again or renew the token in the kubeconfig.");
        }
        case KubernetesClientException e when e.getCode() == 403 -> {
          return new ClusterProblem(
              Kind.FORBIDDEN,
              "Your user may not do this on " + where + " (403 Forbidden): " + statusMessage(e));
        }
        case KubernetesClientException e when e.getCode() == 404 -> {
          return new ClusterProblem(Kind.NOT_FOUND, "Not found: " + statusMessage(e));
        }
        case KubernetesClientException e
            when e.getCode() == 422 || e.getCode() == 400 || e.getCode() == 409 -> {
          return new ClusterProblem(Kind.INVALID, statusMessage(e));
        }
        default -> {}
      }
    }
    return new ClusterProblem(
        Kind.OTHER, "Talking to " + where + " failed: " + Kubeconfigs.rootMessage(failure));
  }

  private static ClusterProblem timeout(String where) {
    return new ClusterProblem(
        Kind.TIMEOUT,
        where
            + " did not answer in time. Check your network or VPN, or whether the cluster is up.");
  }

  private static String hostOf(UnknownHostException e, String where) {
    return e.getMessage() == null || e.getMessage().isBlank()
        ? where
        : e.getMessage().split(":")[0];
  }

  /** The API server's own words from a failed request, with the fields it names. */
  static String statusMessage(KubernetesClientException e) {
    var status = e.getStatus();
    if (status == null || status.getMessage() == null) return Kubeconfigs.rootMessage(e);
    var text = new StringBuilder(status.getMessage());
    if (status.getDetails() != null && status.getDetails().getCauses() != null) {
      for (var cause : status.getDetails().getCauses()) {
        if (cause.getMessage() == null || status.getMessage().contains(cause.getMessage()))
          continue;
        text.append("\n")
            .append(cause.getField() == null ? "" : cause.getField() + ": ")
            .append(cause.getMessage());
      }
    }
    return text.toString();
  }
}
