package dev.drover.vm.instance;

import dev.drover.core.folders.DroverFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
  public static final String CONFIG_HOME_OVERRIDE = DroverFolders.CONFIG_HOME_OVERRIDE;

  /** The state base of this user on this OS: where VMs live (not backed up). */
  public static Path stateBase(Map<String, String> env, Path userHome, String osName) {
    return new DroverFolders(env, userHome, osName).stateFolder();
  }

  /** The instance named {@code name} in the state folder of {@code folders}. */
  public static VmInstance in(DroverFolders folders, String name) {
    var base = folders.stateFolder().resolve("vm");
    return new VmInstance(name, base.resolve("instances").resolve(name), base.resolve("machines"));
  }

  /** The instance named {@code name} of the user this process runs as. */
  public static VmInstance forUser(
      Map<String, String> env, Path userHome, String osName, String name) {
    return in(new DroverFolders(env, userHome, osName), name);
  }

  public static VmInstance forThisUser(String name) {
    return in(DroverFolders.forThisMachine(), name);
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
