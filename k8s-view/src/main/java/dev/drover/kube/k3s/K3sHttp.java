package dev.drover.kube.k3s;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.Executors;

/** The HTTP client k3s downloads share, and the wording of network failures for people. */
public final class K3sHttp {

  static final String USER_AGENT = "Drover";

  private K3sHttp() {}

  /** A client on virtual threads that follows GitHub's redirects to its download servers. */
  public static HttpClient newClient() {
    return HttpClient.newBuilder()
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(15))
        .build();
  }

  /**
   * Whether a failure means the server could not be reached at all, as opposed to answering badly.
   */
  static boolean isOffline(Throwable failure) {
    for (var cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException
          || cause instanceof ConnectException
          || cause instanceof UnresolvedAddressException
          || cause instanceof HttpConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }

  static String describe(URI uri, IOException failure) {
    if (isOffline(failure)) return uri.getHost() + " could not be reached (are you offline?)";
    if (failure instanceof HttpTimeoutException) return uri.getHost() + " did not answer in time";
    var message = failure.getMessage();
    return "the connection to "
        + uri.getHost()
        + " failed ("
        + (message == null || message.isBlank() ? failure.getClass().getSimpleName() : message)
        + ")";
  }
}
