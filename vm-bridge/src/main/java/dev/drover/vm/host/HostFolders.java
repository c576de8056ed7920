package dev.drover.vm.host;

import dev.drover.vm.DriverKind;
import dev.drover.vm.SharedFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which host folders the VM's containers can bind-mount, and the path the VM's engine must be given
 * for one. Pure: the app's Run dialog and the {@code drover} command ask it before a host path
 * reaches the VM's engine, because an engine given a path it cannot see mounts an empty folder of
 * its own instead, silently.
 *
 * <ul>
 *   <li>QEMU (Linux, macOS): the shared folders are mounted in the guest at their host paths, so a
 *       path inside one is given as it is; any other path is refused with the setting to change.
 *   <li>WSL 2: Windows mounts every fixed drive in the distribution, so {@code C:\Users\me\proj}
 *       becomes {@code /mnt/c/Users/me/proj}; a path inside the distribution stays as it is.
 *   <li>Hyperkit: its VM sees no host folder; the QEMU driver is needed.
 * </ul>
 *
 * @param driver the VM's driver
 * @param shared the folders the VM shares (QEMU)
 */
public record HostFolders(DriverKind driver, List<SharedFolder> shared) {

  /** Where the user changes the shared folders. */
  public static final String SETTING = "Settings → Virtual machine → Shared folders";

  private static final Pattern WINDOWS_DRIVE_PATH = Pattern.compile("^([A-Za-z]):([\\\\/].*)?$");

  public HostFolders {
    Objects.requireNonNull(driver, "driver");
    shared = List.copyOf(shared);
  }

  /**
   * The path the VM's engine is given for {@code hostPath}: under WSL 2 a Windows path becomes the
   * distribution's /mnt/&lt;drive&gt;/… path; otherwise the path is unchanged (the guest mounts
   * shared folders at their host paths).
   */
  public String guestPath(String hostPath) {
    return driver == DriverKind.WSL2 ? wslPath(hostPath).orElse(hostPath) : hostPath;
  }

  /**
   * {@code C:\Users\me\proj} (or {@code C:/Users/me/proj}) as WSL 2 mounts it: {@code
   * /mnt/c/Users/me/proj}; empty for anything that is not a Windows drive path.
   */
  public static Optional<String> wslPath(String windowsPath) {
    var match = WINDOWS_DRIVE_PATH.matcher(windowsPath.strip());
    if (!match.matches()) return Optional.empty();
    var drive = match.group(1).toLowerCase(Locale.ROOT);
    var rest = match.group(2) == null ? "" : match.group(2).replace('\\', '/');
    rest = rest.replaceAll("/+", "/");
    if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
    return Optional.of("/mnt/" + drive + rest);
  }

  /**
   * Why a container in the VM would not see {@code hostPath}, in words naming what to change; empty
   * when it would.
   *
   * @param exists whether a path exists on this computer
   */
  public Optional<String> problem(String hostPath, Predicate<Path> exists) {
    var path = hostPath.strip();
    if (driver == DriverKind.HYPERKIT) {
      return Optional.of(
          "\""
              + path
              + "\" cannot be mounted: the Hyperkit VM does not see this computer's folders. Host"
              + " folders need the QEMU driver: choose QEMU in Settings → Virtual machine → Driver.");
    }
    if (driver == DriverKind.WSL2) {
      if (path.startsWith("\\\\")) {
        return Optional.of(
            "\""
                + path
                + "\" is a network path, which WSL 2 does not mount; copy the files to a local"
                + " drive or map the share to a drive letter.");
      }
      if (wslPath(path).isEmpty()) return Optional.empty(); // a path inside the distribution
      return exists.test(Path.of(path)) ? Optional.empty() : Optional.of(missing(path));
    }
    if (!path.startsWith("/")) {
      return Optional.of("\"" + path + "\" is not an absolute path; write it in full.");
    }
    var normalized = Path.of(path).normalize();
    if (!exists.test(normalized)) return Optional.of(missing(path));
    if (shared.stream().noneMatch(folder -> normalized.startsWith(folder.path()))) {
      return Optional.of(
          "\""
              + path
              + "\" is not in a folder the VM shares"
              + (shared.isEmpty()
                  ? " (it shares none)"
                  : " ("
                      + String.join(", ", shared.stream().map(f -> f.path().toString()).toList())
                      + ")")
              + ", so the container would see an empty folder. Add it, or a folder above it, in "
              + SETTING
              + ", then restart the VM.");
    }
    return Optional.empty();
  }

  /**
   * How host folders reach the VM, for the Troubleshooting page: the mechanism and, under QEMU, the
   * shared folders with their flags.
   */
  public String describe() {
    return switch (driver) {
      case WSL2 ->
          "Host folders: WSL 2 mounts every Windows drive at /mnt/<drive> (C:\\ is /mnt/c).";
      case HYPERKIT ->
          "Host folders: none; the Hyperkit VM cannot see this computer's folders (the QEMU driver"
              + " shares them).";
      case QEMU ->
          "Host folders: virtio-9p ("
              + SharedFolder.MOUNT_OPTIONS
              + "; QEMU runs as you, so files containers write are yours), each at its own path: "
              + (shared.isEmpty()
                  ? "none shared"
                  : String.join(
                      ", ",
                      shared.stream()
                          .map(f -> f.path() + (f.readOnly() ? " (read-only)" : " (read-write)"))
                          .toList()))
              + ". Change them in "
              + SETTING
              + "; a change applies at the VM's next start.";
    };
  }

  private static String missing(String path) {
    return "\""
        + path
        + "\" does not exist on this computer; create it first or correct the path (the VM's"
        + " engine would mount an empty folder of its own instead). The folders the VM shares are"
        + " in Settings → Virtual machine → Shared folders.";
  }
}
