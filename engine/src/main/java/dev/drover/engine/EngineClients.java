package dev.drover.engine;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Docker clients for commands (start, pull, logs…) against the engine the app currently talks to.
 * Clients are opened on first use and reopened when the endpoint changes, so services never hold a
 * stale connection.
 */
public final class EngineClients implements AutoCloseable {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final Supplier<EngineEndpoint> endpoints;
  private EngineEndpoint endpoint;
  private DockerClient requests;
  private DockerClient streams;

  public EngineClients(Supplier<EngineEndpoint> endpoints) {
    this.endpoints = endpoints;
  }

  /** A client for requests that answer promptly; a hung engine fails them after a minute. */
  public synchronized DockerClient requests() {
    refresh();
    if (requests == null) requests = DockerClients.open(endpoint, REQUEST_TIMEOUT);
    return requests;
  }

  /** A client for streams that may stay quiet for long: logs, pull and build progress, stats. */
  public synchronized DockerClient streams() {
    refresh();
    if (streams == null) streams = DockerClients.open(endpoint, null);
    return streams;
  }

  /** The endpoint the clients talk to now. */
  public synchronized EngineEndpoint endpoint() {
    refresh();
    return endpoint;
  }

  /**
   * {@code failure} of {@code action} as a message a user can act on, naming the endpoint when it
   * still resolves: in a catch block the endpoint lookup must not replace the failure being
   * reported.
   */
  public EngineException failure(String action, Throwable failure) {
    EngineEndpoint current;
    try {
      current = endpoint();
    } catch (RuntimeException unresolved) {
      current = null;
    }
    return EngineException.of(action, failure, current);
  }

  private void refresh() {
    var current = endpoints.get();
    if (current.equals(endpoint)) return;
    closeClients();
    endpoint = current;
  }

  private void closeClients() {
    for (var client : new DockerClient[] {requests, streams}) {
      if (client == null) continue;
      try {
        client.close();
      } catch (IOException ignored) {
        // A client that fails to close has nothing left to lose.
      }
    }
    requests = null;
    streams = null;
  }

  @Override
  public synchronized void close() {
    closeClients();
  }
}
