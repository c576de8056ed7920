package dev.drover.app.settings;

import dev.drover.core.folders.DroverFolders;
import dev.drover.vm.instance.VmInstance;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the app keeps per-user files: core's {@link DroverFolders} (the rules the {@code drover}
 * command follows too), with the VM instance the app shares with the command.
 */
public final class ConfigFolders {

  /** Overrides the config folder; used by tests and portable installs. */
  public static final String CONFIG_HOME_OVERRIDE = DroverFolders.CONFIG_HOME_OVERRIDE;

  public static final String SETTINGS_FILE_NAME = DroverFolders.SETTINGS_FILE_NAME;

  private final DroverFolders folders;

  public ConfigFolders(Map<String, String> env, Path userHome, String osName) {
    this(new DroverFolders(env, userHome, osName));
  }

  public ConfigFolders(DroverFolders folders) {
    this.folders = folders;
  }

  public static ConfigFolders forThisMachine() {
    return new ConfigFolders(DroverFolders.forThisMachine());
  }

  /** The rules themselves, for what the app shares with the command. */
  public DroverFolders folders() {
    return folders;
  }

  /** The folder holding {@code settings.json} and other user configuration. */
  public Path configFolder() {
    return folders.configFolder();
  }

  /** See {@link DroverFolders#logsFolder()}. */
  public Path logsFolder() {
    return folders.logsFolder();
  }

  /** See {@link DroverFolders#cacheFolder()}. */
  public Path cacheFolder() {
    return folders.cacheFolder();
  }

  /** See {@link DroverFolders#runtimeFolder()}. */
  public Path runtimeFolder() {
    return folders.runtimeFolder();
  }

  /**
   * The VM's meeting point with the drover command: under DROVER_CONFIG_HOME when it is set, as the
   * logs.
   */
  public VmInstance vmInstance(String name) {
    return VmInstance.in(folders, name);
  }

  public Path settingsFile() {
    return folders.settingsFile();
  }

  @Override
  public String toString() {
    return "ConfigFolders[" + folders + "]";
  }
}
