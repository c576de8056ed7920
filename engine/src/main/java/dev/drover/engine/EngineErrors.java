package dev.drover.engine;

import com.github.dockerjava.api.exception.DockerException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Turns what went wrong talking to an engine into a sentence a user can act on. */
public final class EngineErrors {

  private EngineErrors() {}

  /**
   * @param endpoint the engine's address, named in the sentence; null where it is not known
   */
  public static String describe(Throwable failure, EngineEndpoint endpoint) {
    // Each sentence names the engine once: "the engine at unix:///…" with an address, "the engine"
    // without.
    var where = endpoint == null ? "the engine" : endpoint.host().toString();
    var at = endpoint == null ? "" : " at " + endpoint.host();
    // An engine that answered with an error is reachable: its own words beat any guess from the
    // text below.
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EngineConfigurationException) return t.getMessage();
      if (t instanceof DockerException docker) {
        return "the engine said: " + engineMessage(docker.getMessage());
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      var message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (t instanceof NoSuchFileException
          || t instanceof FileNotFoundException
          || message.contains("no such file")) {
        return "no engine is listening" + at + " (the socket does not exist). Is Docker running?";
      }
      if (t instanceof ConnectException || message.contains("connection refused")) {
        return "connection refused at " + where + ". Is the engine running?";
      }
      if (t instanceof AccessDeniedException || message.contains("permission denied")) {
        return "permission denied on "
            + (endpoint == null ? "the engine's socket" : where)
            + ". Add your user to the docker group, or use a rootless engine or a Drover VM.";
      }
      if (t instanceof UnknownHostException) {
        var host = endpoint == null ? null : endpoint.host().getHost();
        return "the engine's host name"
            + (host == null ? "" : " " + host)
            + " could not be resolved (DNS).";
      }
      if (t instanceof SSLException) {
        return "the TLS handshake with "
            + where
            + " failed: "
            + t.getMessage()
            + ". Check the context's certificates.";
      }
      // httpclient5's ConnectionClosedException, named rather than imported: the transport is
      // docker-java's choice.
      if (t.getClass().getSimpleName().equals("ConnectionClosedException")
          || message.contains("premature end of")) {
        return "the engine" + at + " closed the connection mid-transfer (it stopped or crashed).";
      }
      if (t instanceof SocketTimeoutException) {
        return "the engine" + at + " did not answer in time.";
      }
    }
    var root = failure;
    while (root.getCause() != null) root = root.getCause();
    return "cannot reach "
        + where
        + ": "
        + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
  }

  private static final Pattern JSON_MESSAGE =
      Pattern.compile("\\{\\s*\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * docker-java reports "Status 404: {"message":"No such container: x"}"; the user needs only the
   * sentence.
   */
  static String engineMessage(String raw) {
    if (raw == null) return "no reason given";
    var matcher = JSON_MESSAGE.matcher(raw);
    if (matcher.find()) return matcher.group(1).replace("\\\"", "\"").replace("\\n", " ").strip();
    return raw.strip();
  }
}
