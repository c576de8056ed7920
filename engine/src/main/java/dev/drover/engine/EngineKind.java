package dev.drover.engine;

import com.github.dockerjava.api.model.Version;

/**
 * Which program answers the Docker API: dockerd, or Podman's compatible service, which differs in
 * places.
 */
enum EngineKind {
  DOCKER,
  PODMAN;

  /**
   * Podman names itself among the components of its version answer ("Podman Engine"); dockerd does
   * not.
   */
  static EngineKind of(Version version) {
    var components = version.getComponents();
    if (components == null) return DOCKER;
    return components.stream()
            .anyMatch(c -> c.getName() != null && c.getName().startsWith("Podman"))
        ? PODMAN
        : DOCKER;
  }
}
