package dev.drover.app.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks an engine address named in Settings ({@code engineHost}) against what Drover's engine
 * clients can open: {@code unix:///path/to/docker.sock}, {@code tcp://host:port} or {@code
 * npipe:////./pipe/name}. The Docker CLI also knows {@code ssh://}, which Drover's clients cannot
 * speak, so it is refused here rather than failing at connect.
 */
public final class EngineAddress {

  private EngineAddress() {}

  /**
   * Why {@code address} cannot be used, or empty when it can (blank counts as "not set", which is
   * fine).
   */
  public static Optional<String> problem(String address) {
    if (address == null || address.isBlank()) return Optional.empty();
    var text = address.strip();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return Optional.of(
          "it is not a valid address ("
              + e.getReason()
              + "); use a form like "
              + "unix:///var/run/docker.sock or tcp://host:2376");
    }
    var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "" -> Optional.of("it has no scheme; start it with unix://, tcp:// or npipe://");
      case "unix" ->
          uri.getRawAuthority() == null && uri.getPath() != null && uri.getPath().length() > 1
              ? Optional.empty()
              : Optional.of(
                  "a unix address is a full path after three slashes, like unix:///var/run/docker.sock");
      case "tcp" ->
          uri.getHost() != null && uri.getPort() > 0
              ? Optional.empty()
              : Optional.of("a tcp address names a host and a port, like tcp://build-box:2376");
      case "npipe" ->
          uri.getPath() != null && uri.getPath().length() > 1
              ? Optional.empty()
              : Optional.of("an npipe address names the pipe, like npipe:////./pipe/docker_engine");
      case "ssh" ->
          Optional.of("Drover cannot reach an engine over ssh://; use unix://, tcp:// or npipe://");
      default ->
          Optional.of(
              uri.getScheme() + ":// is not an engine address; use unix://, tcp:// or npipe://");
    };
  }
}
