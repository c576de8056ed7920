package dev.drover.vm.instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;

/**
 * The per-user meeting point of everything that drives one VM (the app, the {@code drover}
 * command): a folder, apart from the driver's own state, holding
 *
 * <ul>
 *   <li>{@code owner.lock}: held (a file lock) by the one process that runs the VM's driver; it
 *       holds the owner's pid;
 *   <li>{@code status.json}: the owner's last reported status, replaced atomically (see {@link
 *       VmStatusFile});
 *   <li>{@code control.sock}: where the owner takes start, stop, delete and watch requests (see
 *       {@link VmOwner});
 *   <li>{@code owner.log}: what a detached owner process printed.
 * </ul>
 *
 * The driver's own files (disk, certificates, console log) live under {@link #machinesFolder()}, so
 * deleting a VM never deletes the lock its owner holds.
 */
public record VmInstance(String name, Path folder, Path machinesFolder) {

  /**
   * Overrides every per-user folder, as the app's settings do; used by tests and portable installs.
   */
  public static final String CONFIG_HOME_OVERRIDE = "DROVER_CONFIG_HOME";

  /** The state base of this user on this OS: where logs and VMs live (not backed up). */
  public static Path stateBase(Map<String, String> env, Path userHome, String osName) {
    var override = env.get(CONFIG_HOME_OVERRIDE);
    if (override != null && !override.isBlank()) return Path.of(override.strip());
    var os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      var local = env.get("LOCALAPPDATA");
      return (local != null && !local.isBlank()
              ? Path.of(local)
              : userHome.resolve("AppData").resolve("Local"))
          .resolve("Drover");
    }
    if (os.contains("mac") || os.contains("darwin"))
      return userHome.resolve("Library").resolve("Application Support").resolve("Drover");
    var xdg = env.get("XDG_STATE_HOME");
    return (xdg != null && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : userHome.resolve(".local").resolve("state"))
        .resolve("drover");
  }

  /** The instance named {@code name} of the user this process runs as. */
  public static VmInstance forUser(
      Map<String, String> env, Path userHome, String osName, String name) {
    var base = stateBase(env, userHome, osName).resolve("vm");
    return new VmInstance(name, base.resolve("instances").resolve(name), base.resolve("machines"));
  }

  public static VmInstance forThisUser(String name) {
    return forUser(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        System.getProperty("os.name"),
        name);
  }

  public Path lockFile() {
    return folder.resolve("owner.lock");
  }

  public Path statusFile() {
    return folder.resolve("status.json");
  }

  public Path controlSocket() {
    return folder.resolve("control.sock");
  }

  public Path ownerLog() {
    return folder.resolve("owner.log");
  }

  /** Creates the folder, readable by this user only: the socket controls the VM. */
  public void ensureFolder() throws IOException {
    Files.createDirectories(folder);
    if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
