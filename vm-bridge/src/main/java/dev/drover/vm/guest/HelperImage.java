package dev.drover.vm.guest;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The image of the guest's helper container (busybox: nsenter, cp, cat…), used by {@link VmGuest}
 * and {@code drover vm shell}. The guest recipe (vm-bridge/guest/build-guest.sh) ships one made of
 * the guest's own busybox, {@code helper-image.tar} named by {@code helper-image.ref}; it is loaded
 * into the VM's engine when missing, so an offline VM needs no registry. A guest built before that
 * falls back to pulling {@link #FALLBACK}.
 *
 * @param reference the image's name, e.g. {@code drover/guest-helper:<guest key>}
 * @param archive a {@code docker save} archive holding it; empty means it is pulled
 */
public record HelperImage(String reference, Optional<Path> archive) {

  /** Pulled from Docker Hub when the guest ships no helper image. */
  public static final String FALLBACK = "busybox:1.36";

  public HelperImage {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(archive, "archive");
  }

  /** An image the engine pulls when missing. */
  public static HelperImage pulled(String reference) {
    return new HelperImage(reference, Optional.empty());
  }

  /** The helper image shipped in a guest image folder, else {@link #FALLBACK} pulled. */
  public static HelperImage shippedIn(Path guestFolder) {
    var archive = guestFolder.resolve("helper-image.tar");
    var reference = guestFolder.resolve("helper-image.ref");
    try {
      if (Files.isReadable(archive) && Files.isReadable(reference)) {
        var name = Files.readString(reference, StandardCharsets.UTF_8).strip();
        if (!name.isEmpty()) return new HelperImage(name, Optional.of(archive));
      }
    } catch (IOException unreadable) {
      // pulled instead, as for a guest without one
    }
    return pulled(FALLBACK);
  }

  /**
   * Makes sure the engine has the image: loaded from the archive, else pulled (which needs the
   * network).
   */
  public void ensure(DockerClient docker) throws IOException {
    if (!docker.listImagesCmd().withReferenceFilter(reference).exec().isEmpty()) return;
    if (archive.isPresent()) {
      try (InputStream in = Files.newInputStream(archive.get())) {
        docker.loadImageCmd(in).exec();
      }
      if (docker.listImagesCmd().withReferenceFilter(reference).exec().isEmpty()) {
        throw new IOException(
            archive.get() + " does not hold " + reference + "; rebuild the guest image");
      }
      return;
    }
    try {
      docker.pullImageCmd(reference).start().awaitCompletion(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("pulling " + reference + " was cancelled", e);
    }
  }
}
