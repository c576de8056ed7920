package dev.drover.app.settings;

import dev.drover.kube.k3s.K3sVersion;
import java.util.Optional;

/**
 * The local Kubernetes cluster the user wants: k3s in Drover's VM.
 *
 * @param enabled whether k3s should run in the VM
 * @param k3sVersion a k3s release tag such as {@code v1.31.2+k3s1}, or {@code null} for the {@code
 *     stable} channel's version at the time Kubernetes is enabled; blank and invalid tags are
 *     normalised to {@code null}
 * @param traefik whether k3s's bundled Traefik ingress controller runs
 */
public record KubernetesSettings(boolean enabled, String k3sVersion, boolean traefik) {

  private static final KubernetesSettings DEFAULTS = new KubernetesSettings(false, null, true);

  public KubernetesSettings {
    k3sVersion =
        k3sVersion == null ? null : K3sVersion.parse(k3sVersion).map(K3sVersion::tag).orElse(null);
  }

  public static KubernetesSettings defaults() {
    return DEFAULTS;
  }

  public KubernetesSettings withEnabled(boolean newEnabled) {
    return new KubernetesSettings(newEnabled, k3sVersion, traefik);
  }

  public KubernetesSettings withK3sVersion(String newVersion) {
    return new KubernetesSettings(enabled, newVersion, traefik);
  }

  public KubernetesSettings withTraefik(boolean newTraefik) {
    return new KubernetesSettings(enabled, k3sVersion, newTraefik);
  }

  /** The pinned version, or empty to follow the recommended one. */
  public Optional<K3sVersion> pinnedVersion() {
    return Optional.ofNullable(k3sVersion).flatMap(K3sVersion::parse);
  }
}
