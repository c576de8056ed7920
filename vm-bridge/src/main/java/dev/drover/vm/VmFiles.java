package dev.drover.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;

/** File work the drivers and the VM's owner share. */
public final class VmFiles {

  private VmFiles() {}

  /** Removes {@code folder} and everything in it; nothing when it does not exist. */
  public static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) return;
    try (var paths = Files.walk(folder)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }

  /**
   * Makes a unix socket readable and writable by this user only (0600). Sockets get their mode from
   * the umask of whoever binds them (often 0755), and QEMU's cannot be bound with another: the
   * folder around them is 0700, but a socket that controls the VM should not rely on that alone.
   * Nothing on file systems without POSIX modes, or when the socket is not there.
   */
  public static void userOnly(Path socket) throws IOException {
    if (!Files.exists(socket)
        || !socket.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
  }
}
