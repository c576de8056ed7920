package dev.drover.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Plain requests for the few engine endpoints docker-java has no command for ({@code /system/df},
 * {@code /images/{name}/history}), answers only in part ({@code /volumes/prune} without the names
 * it removed) or cannot write out again ({@code /containers/{id}/json}). Goes through the
 * docker-java client's own transport, so TLS and the socket are the same as for every other
 * command.
 */
public final class EngineHttp {

  // Made on the first call: services holding one are built before the first frame, an ObjectMapper
  // is slow to load.
  private ObjectMapper json;

  /** The engine answered with an error; the message is the engine's own sentence. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * The JSON the engine answers to {@code method path}; an engine error is thrown as {@link
   * Refused}.
   */
  public JsonNode call(DockerClient client, DockerHttpClient.Request.Method method, String path) {
    if (!(client instanceof DockerClientImpl impl)) {
      throw new IllegalStateException(
          "this docker-java client has no HTTP transport to send " + path);
    }
    var request = DockerHttpClient.Request.builder().method(method).path(path).build();
    try (var response = impl.getHttpClient().execute(request)) {
      var body = response.getBody().readAllBytes();
      var tree = body.length == 0 ? json().createObjectNode() : json().readTree(body);
      var status = response.getStatusCode();
      if (status / 100 != 2) {
        var message = tree.path("message").asText("");
        throw new Refused(message.isBlank() ? "status " + status : message);
      }
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The JSON document the engine answers to {@code GET path}, indented, with the engine's own
   * fields in the engine's order: nothing is lost or renamed by a model in between.
   */
  public String document(DockerClient client, String path) {
    var tree = call(client, DockerHttpClient.Request.Method.GET, path);
    try {
      return json().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized ObjectMapper json() {
    if (json == null) json = new ObjectMapper();
    return json;
  }
}
