package dev.drover.vm.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The guest Linux built by vm-bridge/guest/build-guest.sh: a kernel and an initramfs for QEMU, a
 * root file system tarball for WSL2. Installed apps ship it; run-app.sh builds it for a development
 * build, so a user is never the one to build it.
 */
public record GuestImage(Path kernel, Path initramfs, Path rootfs) {

  /** The files in a folder the recipe produced. */
  public static GuestImage in(Path folder) {
    folder = folder.toAbsolutePath().normalize();
    return new GuestImage(
        folder.resolve("vmlinuz"),
        folder.resolve("initramfs.img"),
        folder.resolve("rootfs.tar.gz"));
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
