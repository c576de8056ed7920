package dev.drover.vm;

import java.nio.file.Path;
import java.util.List;

/**
 * A host folder the VM mounts at the same path inside the guest, so that {@code docker run -v
 * "$PWD":/app} and relative bind mounts in compose files reach the user's files as on a native
 * engine.
 *
 * @param path an absolute host path (Linux or macOS form); the guest mounts it at the same path
 * @param readOnly whether containers may only read it
 */
public record SharedFolder(Path path, boolean readOnly) {

  /**
   * The guest's mount options for a shared folder, after Lima's: 9p2000.L, cache=mmap (no page
   * cache of file data beyond mmap, so a change on the host is seen at once) and msize 128 KiB (see
   * docs/vm.md for the measurements).
   */
  public static final String MOUNT_OPTIONS =
      "trans=virtio,version=9p2000.L,msize=131072,cache=mmap";

  /**
   * Guest folders that hold the guest's own system or engine data: a host folder mounted over one
   * of them would break the VM.
   */
  private static final List<String> GUEST_SYSTEM_FOLDERS =
      List.of(
          "/proc",
          "/sys",
          "/dev",
          "/run",
          "/etc",
          "/var/lib/docker",
          "/var/lib/containerd",
          "/mnt/data",
          "/bin",
          "/sbin",
          "/lib",
          "/lib64",
          "/usr");

  public SharedFolder {
    if (path == null) throw new IllegalArgumentException("a shared folder needs a path");
    var text = path.toString();
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException(
          "a shared folder is an absolute path such as /home/me/projects, not \"" + text + "\"");
    }
    if (text.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
      throw new IllegalArgumentException(
          "a shared folder's path cannot contain tabs or line breaks: \"" + text + "\"");
    }
    path = path.normalize();
    for (var system : GUEST_SYSTEM_FOLDERS) {
      var guest = Path.of(system);
      if (path.getNameCount() == 0 || path.startsWith(guest) || guest.startsWith(path)) {
        throw new IllegalArgumentException(
            "\""
                + path
                + "\" cannot be shared: the VM keeps its own "
                + (path.getNameCount() == 0 ? "system" : system)
                + " there; share your own folders instead, e.g. your home folder or a project");
      }
    }
  }
}
