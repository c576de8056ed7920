package dev.drover.app.ui.containerd;

import dev.drover.app.ui.images.ImageRow;
import dev.drover.engine.containerd.ContainerdImage;
import java.time.Instant;

/** One line of the containerd page's Images table. */
public record ContainerdImageRow(
    String namespace, String name, String digest, long size, Instant created) {

  static ContainerdImageRow of(ContainerdImage image) {
    return new ContainerdImageRow(
        image.namespace(), image.name(), image.digest(), image.size(), image.created());
  }

  /** The digest's first 12 hex digits, as nerdctl shows an image id. */
  public String shortDigest() {
    var colon = digest.indexOf(':');
    var hex = colon >= 0 ? digest.substring(colon + 1) : digest;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  /** "1.98 MB", in the engine's decimal units; "—" when containerd did not say. */
  public String sizeText() {
    return size <= 0 ? "—" : ImageRow.humanBytes(size);
  }
}
