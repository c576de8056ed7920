package dev.drover.app.ui.settings;

import dev.drover.kube.k3s.K3sVersion;
import dev.drover.kube.k3s.K3sVersionList;
import java.util.Objects;

/**
 * One entry of the k3s version picker.
 *
 * @param tag the pinned version, or {@code null} for "whatever the stable channel recommends"
 * @param label what the picker shows
 */
public record K3sVersionChoice(String tag, String label) {

  public static final K3sVersionChoice RECOMMENDED =
      new K3sVersionChoice(null, "Recommended (stable channel)");

  static K3sVersionChoice recommended(K3sVersionList list) {
    return list.recommended()
        .map(v -> new K3sVersionChoice(null, "Recommended (stable: " + v + ")"))
        .orElse(RECOMMENDED);
  }

  static K3sVersionChoice of(K3sVersion version, K3sVersionList list) {
    var channels = list.channelsOf(version).stream().filter(c -> !c.startsWith("v")).toList();
    return new K3sVersionChoice(
        version.tag(),
        channels.isEmpty()
            ? version.tag()
            : version.tag() + " (" + String.join(", ", channels) + ")");
  }

  static K3sVersionChoice pinned(String tag) {
    return new K3sVersionChoice(tag, tag);
  }

  /**
   * Same entry whatever its label says, so the picker keeps the selection when the list is
   * relabelled.
   */
  boolean sameAs(K3sVersionChoice other) {
    return other != null && Objects.equals(tag, other.tag);
  }

  @Override
  public String toString() {
    return label;
  }
}
