package dev.drover.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a Docker API engine listens and how to reach it, resolved the way the Docker CLI does it.
 *
 * @param name what the user knows this engine as: the context name, or "DOCKER_HOST", or "default"
 * @param host unix:///path, npipe:////./pipe/name, tcp://host:port or ssh://… as written by the
 *     user
 * @param tlsMaterial folder holding ca.pem, cert.pem and key.pem when the engine is reached over
 *     TLS
 * @param tlsVerify whether the engine's certificate is verified against ca.pem
 * @param source which rule picked this endpoint, so the status bar can explain it
 */
public record EngineEndpoint(
    String name, URI host, Optional<Path> tlsMaterial, boolean tlsVerify, Source source) {

  /**
   * VM: Drover's own VM, which is running; its engine is the default unless Settings name an
   * engine.
   */
  public enum Source {
    DOCKER_HOST,
    CONTEXT,
    PLATFORM_DEFAULT,
    EXPLICIT,
    VM
  }

  public EngineEndpoint {
    if (name == null || name.isBlank())
      throw new IllegalArgumentException("an engine endpoint needs a name");
    if (host == null) throw new IllegalArgumentException("an engine endpoint needs a host");
    tlsMaterial = tlsMaterial == null ? Optional.empty() : tlsMaterial;
  }

  /** An endpoint given directly, e.g. by a test or a setting, without TLS. */
  public static EngineEndpoint of(String name, URI host) {
    return new EngineEndpoint(name, host, Optional.empty(), false, Source.EXPLICIT);
  }

  /** A short text for the status bar: "context colima (unix:///…/docker.sock)". */
  public String describe() {
    return switch (source) {
      case CONTEXT -> "context " + name + " (" + host + ")";
      case DOCKER_HOST -> "DOCKER_HOST " + host;
      case VM -> "Drover's VM (" + host + ")";
      case PLATFORM_DEFAULT, EXPLICIT -> host.toString();
    };
  }
}
