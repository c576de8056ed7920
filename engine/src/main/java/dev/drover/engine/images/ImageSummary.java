package dev.drover.engine.images;

import java.time.Instant;
import java.util.List;

/**
 * One image as the engine lists it.
 *
 * @param id the full id, {@code sha256:…}
 * @param repoTags the references naming it; {@code ["<none>:<none>"]} for a dangling image
 * @param size bytes on disk, shared layers included
 * @param containersUsing how many containers, running or not, were created from it
 * @param dangling whether no reference names it any more
 */
public record ImageSummary(
    String id,
    List<String> repoTags,
    long size,
    Instant created,
    int containersUsing,
    boolean dangling) {

  public static final String NONE = "<none>:<none>";

  public ImageSummary {
    repoTags = List.copyOf(repoTags);
  }
}
