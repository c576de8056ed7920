package dev.drover.kube.k3s;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A k3s release tag such as {@code v1.31.2+k3s1} or {@code v1.32.0-rc1+k3s1}.
 *
 * <p>Ordered newest first by Kubernetes version, then release candidates before finals of the same
 * version, then by k3s build, so a sorted list reads like a version picker.
 */
public record K3sVersion(String tag, int major, int minor, int patch, int candidate, int build)
    implements Comparable<K3sVersion> {

  private static final Pattern TAG =
      Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)(?:-rc(\\d+))?\\+k3s(\\d+)");

  /** Newest first: finals above their release candidates, higher builds above lower. */
  private static final Comparator<K3sVersion> NEWEST_FIRST =
      Comparator.comparingInt(K3sVersion::major)
          .thenComparingInt(K3sVersion::minor)
          .thenComparingInt(K3sVersion::patch)
          .thenComparingInt(v -> v.candidate == 0 ? Integer.MAX_VALUE : v.candidate)
          .thenComparingInt(K3sVersion::build)
          .reversed();

  public K3sVersion {
    Objects.requireNonNull(tag, "tag");
  }

  /** The version for a release tag, or empty for tags that are not k3s server releases. */
  public static Optional<K3sVersion> parse(String tag) {
    if (tag == null) return Optional.empty();
    var match = TAG.matcher(tag.strip());
    if (!match.matches()) return Optional.empty();
    return Optional.of(
        new K3sVersion(
            tag.strip(),
            Integer.parseInt(match.group(1)),
            Integer.parseInt(match.group(2)),
            Integer.parseInt(match.group(3)),
            match.group(4) == null ? 0 : Integer.parseInt(match.group(4)),
            Integer.parseInt(match.group(5))));
  }

  /** As {@link #parse}, for tags that must be valid (settings, command arguments). */
  public static K3sVersion of(String tag) {
    return parse(tag)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "\"" + tag + "\" is not a k3s version; versions look like v1.31.2+k3s1"));
  }

  public boolean isReleaseCandidate() {
    return candidate > 0;
  }

  /**
   * The Kubernetes minor line, e.g. {@code v1.31}, which is also the name of its release channel.
   */
  public String minorLine() {
    return "v" + major + "." + minor;
  }

  @Override
  public int compareTo(K3sVersion other) {
    return NEWEST_FIRST.compare(this, other);
  }

  @Override
  public String toString() {
    return tag;
  }
}
