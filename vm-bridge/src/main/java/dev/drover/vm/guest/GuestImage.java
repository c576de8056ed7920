package dev.drover.vm.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The guest Linux built by vm-bridge/guest/build-guest.sh: a kernel and an initramfs for QEMU, a
 * root file system tarball for WSL2, for one architecture. Installed apps ship it; run-app.sh
 * builds it for a development build, so a user is never the one to build it.
 */
public record GuestImage(Path kernel, Path initramfs, Path rootfs, GuestArch arch) {

  /**
   * The files in a folder the recipe produced; the architecture is the {@code arch} line of its
   * manifest.txt (builds without one are amd64, the only architecture built before).
   */
  public static GuestImage in(Path folder) {
    folder = folder.toAbsolutePath().normalize();
    return new GuestImage(
        folder.resolve("vmlinuz"),
        folder.resolve("initramfs.img"),
        folder.resolve("rootfs.tar.gz"),
        manifestArch(folder.resolve("manifest.txt")));
  }

  private static GuestArch manifestArch(Path manifest) {
    if (!Files.isReadable(manifest)) return GuestArch.AMD64;
    try (var lines = Files.lines(manifest)) {
      return lines
          .filter(line -> line.startsWith("arch "))
          .findFirst()
          .map(line -> GuestArch.ofDebianName(line.substring("arch ".length())))
          .orElse(GuestArch.AMD64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Why this image cannot boot, or empty when kernel and initramfs are there. */
  public Optional<String> missing() {
    for (var file : new Path[] {kernel, initramfs}) {
      if (!Files.isReadable(file)) {
        return Optional.of(
            "the VM's guest Linux is missing ("
                + file
                + " does not exist); reinstall Drover to get it back");
      }
    }
    return Optional.empty();
  }
}
