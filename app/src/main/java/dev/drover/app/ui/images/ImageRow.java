package dev.drover.app.ui.images;

import dev.drover.engine.images.ImageSummary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One line of the Images table: one name of an image, as {@code docker images} shows them, so an
 * image with two tags is two lines and a dangling image is one line named {@code <none>:<none>}.
 *
 * @param namesOnImage how many names the image has in all; removing one of several only untags it
 */
public record ImageRow(
    String id,
    String repository,
    String tag,
    long size,
    Instant created,
    int containersUsing,
    boolean dangling,
    int namesOnImage) {

  static List<ImageRow> of(ImageSummary image) {
    return image.repoTags().stream()
        .map(
            name -> {
              var colon = name.lastIndexOf(':');
              var slash = name.lastIndexOf('/');
              var repository = colon > slash ? name.substring(0, colon) : name;
              var tag = colon > slash ? name.substring(colon + 1) : "<none>";
              return new ImageRow(
                  image.id(),
                  repository,
                  tag,
                  image.size(),
                  image.created(),
                  image.containersUsing(),
                  image.dangling(),
                  image.dangling() ? 0 : image.repoTags().size());
            })
        .toList();
  }

  /** {@code repository:tag}, or {@code <none>:<none>}. */
  public String reference() {
    return repository + ":" + tag;
  }

  /** What removing this line removes: the name, or the image itself when it has no name. */
  public String removeTarget() {
    return dangling ? id : reference();
  }

  /**
   * Whether removing this line deletes the image (its last name, or no name at all) rather than
   * untagging it.
   */
  public boolean removeDeletesImage() {
    return dangling || namesOnImage <= 1;
  }

  /**
   * Whether removing this line needs force: it would delete an image that containers were created
   * from.
   */
  public boolean removeNeedsForce() {
    return removeDeletesImage() && containersUsing > 0;
  }

  /** The first 12 hex digits, as the Docker CLI shows an id. */
  public String shortId() {
    var hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  public String sizeText() {
    return humanBytes(size);
  }

  public String usedByText() {
    return containersUsing == 0
        ? "—"
        : containersUsing + (containersUsing == 1 ? " container" : " containers");
  }

  /** Bytes in the engine's decimal units: "512 B", "1.98 MB", "12.3 GB". */
  public static String humanBytes(long bytes) {
    if (bytes < 1000) return bytes + " B";
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double value = bytes;
    int unit = -1;
    while (value >= 999.5 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    var pattern = value >= 99.95 ? "%.0f %s" : value >= 9.995 ? "%.1f %s" : "%.2f %s";
    return String.format(Locale.ROOT, pattern, value, units[unit]);
  }
}
