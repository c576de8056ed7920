package dev.drover.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists containers ({@code GET /containers/json?all=1}) straight into {@link ContainerSummary}s,
 * reading the fields the app shows and skipping the rest with a streaming parser.
 *
 * <p>docker-java's own list reads each container into a JSON tree, then the tree into its model
 * (networks, mounts, host config and labels included), with deserializers each new client builds
 * afresh: for 1 000 containers (650 KB) that was most of the app's own time between the engine's
 * answer and a filled table.
 */
final class ContainerListing {

  private final JsonFactory json = new JsonFactory();

  /**
   * The containers with these ids (or id prefixes), or every container when {@code ids} is empty;
   * any state.
   */
  List<ContainerSummary> list(DockerClient requests, List<String> ids) {
    var path = "/containers/json?all=1";
    if (!ids.isEmpty()) {
      var filter =
          ids.stream()
              .map(ContainerListing::quoted)
              .collect(Collectors.joining(",", "{\"id\":[", "]}"));
      path += "&filters=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
    var request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(path)
            .build();
    try (var response = ((DockerClientImpl) requests).getHttpClient().execute(request)) {
      int status = response.getStatusCode();
      if (status != 200) {
        var message = engineMessage(response.getBody());
        if (status == 404) throw new NotFoundException(message);
        throw new DockerException(message, status);
      }
      return parse(response.getBody());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading the engine's container list failed: " + e.getMessage(), e);
    }
  }

  /**
   * {@code containers} with the health of their checks in their status ("Up 7 seconds (healthy)"),
   * as dockerd writes it there. Podman's compatible list (Podman 4) leaves it out; its own list has
   * it, in its "Status". One more round trip, for the same containers; a failure leaves the list as
   * it was, without health.
   */
  List<ContainerSummary> withPodmanHealth(
      DockerClient requests, List<String> ids, List<ContainerSummary> containers) {
    if (containers.isEmpty()) return containers;
    var path = "/v4.0.0/libpod/containers/json?all=true";
    if (!ids.isEmpty()) {
      var filter =
          ids.stream()
              .map(ContainerListing::quoted)
              .collect(Collectors.joining(",", "{\"id\":[", "]}"));
      path += "&filters=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
    var request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(path)
            .build();
    Map<String, String> health;
    try (var response = ((DockerClientImpl) requests).getHttpClient().execute(request)) {
      if (response.getStatusCode() != 200) {
        log()
            .debug(
                "Podman's container list answered {}: {}",
                response.getStatusCode(),
                engineMessage(response.getBody()));
        return containers;
      }
      health = podmanHealth(response.getBody());
    } catch (IOException | RuntimeException e) {
      log().debug("Podman's container list failed; the list shows no health", e);
      return containers;
    }
    return containers.stream().map(c -> withHealth(c, health.get(c.id()))).toList();
  }

  /**
   * The health of each container with a health check in Podman's own list, by id: healthy,
   * unhealthy, starting.
   */
  private Map<String, String> podmanHealth(InputStream body) throws IOException {
    try (var parser = json.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY)
        throw new IOException("Podman's container list is not a JSON array");
      var health = new HashMap<String, String>();
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        String id = null;
        String status = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          var field = parser.currentName();
          var value = parser.nextToken();
          if (value == JsonToken.VALUE_NULL) continue;
          switch (field) {
            case "Id" -> id = parser.getText();
            case "Status" -> status = parser.getText();
            default -> parser.skipChildren();
          }
        }
        if (id != null && status != null && !status.isBlank()) health.put(id, status);
      }
      return health;
    }
  }

  /**
   * The container with its health in its status as dockerd words it, unless the status already says
   * one.
   */
  private static ContainerSummary withHealth(ContainerSummary container, String health) {
    var status = container.status();
    if (health == null
        || status == null
        || !"running".equals(container.state())
        || status.contains("(")) return container;
    var words =
        switch (health) {
          case "healthy", "unhealthy" -> health;
          case "starting" -> "health: starting";
          default -> null;
        };
    if (words == null) return container;
    return new ContainerSummary(
        container.id(),
        container.name(),
        container.image(),
        container.state(),
        status + " (" + words + ")",
        container.created(),
        container.ports(),
        container.composeProject());
  }

  // Looked up on first use, as the watcher does: logging starts up slowly.
  private static Logger log() {
    return LoggerFactory.getLogger(ContainerListing.class);
  }

  /** The containers in the engine's answer to a container list. */
  List<ContainerSummary> parse(InputStream body) throws IOException {
    try (var parser = json.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY)
        throw new IOException("the engine's container list is not a JSON array");
      var containers = new ArrayList<ContainerSummary>();
      while (parser.nextToken() == JsonToken.START_OBJECT) containers.add(container(parser));
      return containers;
    }
  }

  private static ContainerSummary container(JsonParser parser) throws IOException {
    String id = null;
    String name = null;
    String image = null;
    String state = null;
    String status = null;
    Instant created = Instant.EPOCH;
    List<ContainerSummary.PublishedPort> ports = List.of();
    String project = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      var field = parser.currentName();
      var value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) continue;
      switch (field) {
        case "Id" -> id = parser.getText();
        case "Names" -> name = firstName(parser);
        case "Image" -> image = parser.getText();
        case "State" -> state = parser.getText();
        case "Status" -> status = parser.getText();
        case "Created" -> created = Instant.ofEpochSecond(parser.getLongValue());
        case "Ports" -> ports = ports(parser);
        case "Labels" -> project = label(parser, ContainerSummary.COMPOSE_PROJECT_LABEL);
        default -> parser.skipChildren();
      }
    }
    if (id == null) throw new IOException("the engine listed a container without an id");
    if (name == null) name = id.substring(0, Math.min(12, id.length()));
    return new ContainerSummary(id, name, image, state, status, created, ports, project);
  }

  /**
   * Of a container's names, the first in order, without its leading slash (as {@code docker ps}
   * shows it).
   */
  private static String firstName(JsonParser parser) throws IOException {
    String first = null;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      var name = parser.getText();
      if (name == null) continue;
      if (name.startsWith("/")) name = name.substring(1);
      if (first == null || name.compareTo(first) < 0) first = name;
    }
    return first;
  }

  /**
   * The published ports (those with a host port), in the engine's order; the IPv4 and IPv6 twins of
   * a port published on all addresses once.
   */
  private static List<ContainerSummary.PublishedPort> ports(JsonParser parser) throws IOException {
    var ports = new ArrayList<ContainerSummary.PublishedPort>();
    var seen = new HashSet<String>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      String ip = null;
      Integer privatePort = null;
      Integer publicPort = null;
      String type = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        var field = parser.currentName();
        var value = parser.nextToken();
        if (value == JsonToken.VALUE_NULL) continue;
        switch (field) {
          case "IP" -> ip = parser.getText();
          case "PrivatePort" -> privatePort = parser.getIntValue();
          case "PublicPort" -> publicPort = parser.getIntValue();
          case "Type" -> type = parser.getText();
          default -> parser.skipChildren();
        }
      }
      if (publicPort == null || privatePort == null) continue;
      var protocol = type == null ? "tcp" : type;
      // 0.0.0.0 and :: are one publication; 127.0.0.1 and ::1 are two (a port can have both)
      var address =
          ip == null || ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::") ? "*" : ip;
      if (seen.add(address + " " + publicPort + "/" + protocol))
        ports.add(new ContainerSummary.PublishedPort(ip, publicPort, privatePort, protocol));
    }
    return ports;
  }

  private static String label(JsonParser parser, String wanted) throws IOException {
    String found = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      var key = parser.currentName();
      parser.nextToken();
      if (key.equals(wanted) && parser.currentToken() != JsonToken.VALUE_NULL)
        found = parser.getText();
      else parser.skipChildren();
    }
    return found;
  }

  /** The engine's {"message": "..."} of a failed request, or the body as it is. */
  private String engineMessage(InputStream body) throws IOException {
    var text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
    try (var parser = json.createParser(text)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          var field = parser.currentName();
          parser.nextToken();
          if (field.equals("message")) return parser.getText();
          parser.skipChildren();
        }
      }
    } catch (IOException notJson) {
      // Not the engine's JSON: the text itself says what went wrong.
    }
    return text.strip();
  }

  private static String quoted(String id) {
    var escaped = new StringBuilder("\"");
    for (char c : id.toCharArray()) {
      if (c == '"' || c == '\\') escaped.append('\\');
      escaped.append(c);
    }
    return escaped.append('"').toString();
  }
}
