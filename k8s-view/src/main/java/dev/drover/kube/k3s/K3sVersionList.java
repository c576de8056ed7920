package dev.drover.kube.k3s;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The k3s versions a user can pick, newest first, with the release channels that point at them.
 *
 * @param versions final releases, newest first, no duplicates
 * @param channels channel name ({@code stable}, {@code latest}, {@code v1.31}) to the version it
 *     points at
 * @param source where the list came from, so the picker can say "offline list"
 * @param fetchedAt when the list was fetched from the release site (the bundled list's snapshot
 *     date)
 * @param problem why the online list could not be used, when {@code source} is not {@link
 *     Source#ONLINE}
 */
public record K3sVersionList(
    List<K3sVersion> versions,
    Map<String, K3sVersion> channels,
    Source source,
    Instant fetchedAt,
    Optional<String> problem) {

  public enum Source {
    /** Fetched from the release site just now. */
    ONLINE,
    /** Fetched earlier and kept in the per-user cache. */
    CACHE,
    /** The snapshot shipped inside Drover, for a first start without a network. */
    BUNDLED
  }

  public K3sVersionList {
    versions = versions.stream().distinct().sorted().toList();
    channels = Map.copyOf(channels);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    Objects.requireNonNull(problem, "problem");
  }

  /**
   * The version of the {@code stable} channel, or the newest final release when the channels are
   * unknown.
   */
  public Optional<K3sVersion> recommended() {
    var stable = channels.get("stable");
    if (stable != null) return Optional.of(stable);
    return versions.stream().filter(v -> !v.isReleaseCandidate()).findFirst();
  }

  /** The channels pointing at {@code version}, for labels such as "v1.31.2+k3s1 (stable)". */
  public List<String> channelsOf(K3sVersion version) {
    return channels.entrySet().stream()
        .filter(e -> e.getValue().equals(version))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  K3sVersionList from(Source newSource, Optional<String> why) {
    return new K3sVersionList(versions, channels, newSource, fetchedAt, why);
  }
}
