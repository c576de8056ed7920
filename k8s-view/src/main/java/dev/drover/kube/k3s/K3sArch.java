package dev.drover.kube.k3s;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The guest CPU architectures k3s publishes a server binary for, and the names of that binary's
 * release assets.
 */
public enum K3sArch {
  AMD64("k3s", "sha256sum-amd64.txt"),
  ARM64("k3s-arm64", "sha256sum-arm64.txt");

  private final String binaryAsset;
  private final String sumsAsset;

  K3sArch(String binaryAsset, String sumsAsset) {
    this.binaryAsset = binaryAsset;
    this.sumsAsset = sumsAsset;
  }

  /** The release asset holding the k3s binary, as named in the release and in its sums file. */
  public String binaryAsset() {
    return binaryAsset;
  }

  /** The release asset holding the sha256 sums of every asset for this architecture. */
  public String sumsAsset() {
    return sumsAsset;
  }

  /**
   * The release assets holding k3s's own images (pause, coredns, traefik, local-path,
   * metrics-server) for an offline start, best first: k3s imports any of them from its agent's
   * images folder.
   */
  public List<String> airgapImageAssets() {
    var base = "k3s-airgap-images-" + name().toLowerCase(Locale.ROOT);
    return List.of(base + ".tar.zst", base + ".tar.gz", base + ".tar");
  }

  /**
   * The architecture for a JVM {@code os.arch} or {@code uname -m} value, if k3s is built for it.
   */
  public static Optional<K3sArch> parse(String machine) {
    if (machine == null) return Optional.empty();
    return switch (machine.strip().toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64", "x64" -> Optional.of(AMD64);
      case "arm64", "aarch64" -> Optional.of(ARM64);
      default -> Optional.empty();
    };
  }
}
