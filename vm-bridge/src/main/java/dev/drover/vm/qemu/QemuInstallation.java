package dev.drover.vm.qemu;

import dev.drover.vm.guest.GuestArch;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Where QEMU is installed on this computer, and how to install it when it is not. */
public final class QemuInstallation {

  /**
   * Where Homebrew (Apple Silicon, then Intel) and MacPorts install QEMU on macOS. An app started
   * from Finder or the Dock gets launchd's PATH (/usr/bin:/bin:/usr/sbin:/sbin), which has none of
   * them.
   */
  public static final List<String> MAC_QEMU_FOLDERS =
      List.of("/opt/homebrew/bin", "/usr/local/bin", "/opt/local/bin");

  private QemuInstallation() {}

  /**
   * Finds the QEMU system emulator for {@code arch} (e.g. qemu-system-aarch64) and qemu-img in the
   * folders {@link #qemuFolders} names for this environment and operating system.
   */
  public static Optional<Path[]> find(
      Map<String, String> environment, GuestArch arch, String osName) {
    Path system = null;
    Path img = null;
    for (var dir : qemuFolders(environment, osName)) {
      var candidate = Path.of(dir, arch.qemuSystem());
      if (system == null && Files.isExecutable(candidate)) system = candidate;
      var imgCandidate = Path.of(dir, "qemu-img");
      if (img == null && Files.isExecutable(imgCandidate)) img = imgCandidate;
    }
    return system != null && img != null ? Optional.of(new Path[] {system, img}) : Optional.empty();
  }

  /** The PATH's folders, and on macOS then Homebrew's and MacPorts' ({@link #MAC_QEMU_FOLDERS}). */
  public static List<String> qemuFolders(Map<String, String> environment, String osName) {
    var folders = new LinkedHashSet<String>();
    for (var dir : environment.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      if (!dir.isEmpty()) folders.add(dir);
    }
    if (isMac(osName)) folders.addAll(MAC_QEMU_FOLDERS);
    return List.copyOf(folders);
  }

  private static boolean isMac(String osName) {
    var os = osName.toLowerCase(Locale.ROOT);
    return os.contains("mac") || os.contains("darwin");
  }

  /** How to install QEMU for {@code arch} on this operating system. */
  public static String installHint(GuestArch arch, String osName) {
    if (isMac(osName)) {
      return "install it with Homebrew (`brew install qemu`) or MacPorts (`sudo port install"
          + " qemu`); Drover finds it in "
          + String.join(", ", MAC_QEMU_FOLDERS)
          + " even when started from Finder";
    }
    return "install it, e.g. `apt-get install " + arch.qemuPackage() + " qemu-utils`";
  }
}
