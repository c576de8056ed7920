package dev.drover.core.folders;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where Drover keeps per-user files, following each OS's conventions so that backup tools, "reset
 * app" guides and uninstallers find them where users expect. The one statement of these rules: the
 * app, the {@code drover} command and the VM's instance folder all ask this class.
 *
 * <p>Everything comes from the constructor arguments rather than {@link System} so that every
 * platform's layout can be tested on any machine.
 */
public final class DroverFolders {

  /** Overrides every folder below; used by tests and portable installs. */
  public static final String CONFIG_HOME_OVERRIDE = "DROVER_CONFIG_HOME";

  public static final String SETTINGS_FILE_NAME = "settings.json";

  /** The folder layouts Drover knows; every other OS uses the XDG layout, as Linux does. */
  private enum Os {
    LINUX,
    MAC,
    WINDOWS;

    /** The layout for a {@code os.name} system property value. */
    static Os fromName(String osName) {
      String name = osName.toLowerCase(Locale.ROOT);
      if (name.startsWith("windows")) {
        return WINDOWS;
      }
      if (name.contains("mac") || name.contains("darwin")) {
        return MAC;
      }
      // Linux and the BSDs all use the XDG layout.
      return LINUX;
    }
  }

  private final Map<String, String> env;
  private final Path userHome;
  private final Os os;

  public DroverFolders(Map<String, String> env, Path userHome, String osName) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.userHome = Objects.requireNonNull(userHome, "userHome");
    this.os = Os.fromName(Objects.requireNonNull(osName, "osName"));
  }

  public static DroverFolders forThisMachine() {
    return new DroverFolders(
        System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("os.name"));
  }

  /** The folder holding {@code settings.json} and other user configuration. */
  public Path configFolder() {
    String override = envValue(CONFIG_HOME_OVERRIDE);
    if (override != null) {
      return path(override);
    }
    return switch (os) {
      case LINUX -> xdgBase("XDG_CONFIG_HOME", ".config").resolve("drover");
      case MAC -> userHome.resolve("Library").resolve("Application Support").resolve("Drover");
      case WINDOWS -> windowsBase("APPDATA", "Roaming").resolve("Drover");
    };
  }

  public Path settingsFile() {
    return configFolder().resolve(SETTINGS_FILE_NAME);
  }

  /**
   * The folder for log files and other state that is not worth backing up. A {@code
   * DROVER_CONFIG_HOME} override moves it under that folder too, so a test or a portable install
   * keeps everything in one place.
   */
  public Path logsFolder() {
    var override = envValue(CONFIG_HOME_OVERRIDE);
    if (override != null) return path(override).resolve("logs");
    return switch (os) {
      case LINUX -> xdgBase("XDG_STATE_HOME", ".local/state").resolve("drover");
      case MAC -> userHome.resolve("Library").resolve("Logs").resolve("Drover");
      case WINDOWS -> windowsBase("LOCALAPPDATA", "Local").resolve("Drover").resolve("logs");
    };
  }

  /**
   * The folder for downloads Drover can fetch again (k3s binaries, version lists): not worth
   * backing up, and safe for cleaners to empty. A {@code DROVER_CONFIG_HOME} override moves it
   * under that folder too.
   */
  public Path cacheFolder() {
    var override = envValue(CONFIG_HOME_OVERRIDE);
    if (override != null) return path(override).resolve("cache");
    return switch (os) {
      case LINUX -> xdgBase("XDG_CACHE_HOME", ".cache").resolve("drover");
      case MAC -> userHome.resolve("Library").resolve("Caches").resolve("Drover");
      case WINDOWS -> windowsBase("LOCALAPPDATA", "Local").resolve("Drover").resolve("cache");
    };
  }

  /**
   * Where the running app keeps its one-instance lock and socket: per user and not worth backing
   * up. On Linux the state folder rather than {@code XDG_RUNTIME_DIR}: a launch without that
   * variable (from {@code sudo -u}, some autostart set-ups) must find the same Drover, and the
   * runtime folder may be cleaned of files left untouched for hours. A {@code DROVER_CONFIG_HOME}
   * override moves it under that folder too, so each test home has a Drover of its own.
   */
  public Path runtimeFolder() {
    var override = envValue(CONFIG_HOME_OVERRIDE);
    if (override != null) return path(override).resolve("run");
    return switch (os) {
      case LINUX -> xdgBase("XDG_STATE_HOME", ".local/state").resolve("drover").resolve("run");
      case MAC -> configFolder().resolve("run");
      case WINDOWS -> windowsBase("LOCALAPPDATA", "Local").resolve("Drover").resolve("run");
    };
  }

  /**
   * The base of the machine state the app and the command share: the VM's instance folders and
   * disks, the guest image. Large and rebuilt rather than backed up, so local (not roaming) on
   * Windows; the {@code DROVER_CONFIG_HOME} override itself when set, so a test home holds its VMs.
   */
  public Path stateFolder() {
    var override = envValue(CONFIG_HOME_OVERRIDE);
    if (override != null) return path(override);
    return switch (os) {
      case LINUX -> xdgBase("XDG_STATE_HOME", ".local/state").resolve("drover");
      case MAC -> userHome.resolve("Library").resolve("Application Support").resolve("Drover");
      case WINDOWS -> windowsBase("LOCALAPPDATA", "Local").resolve("Drover");
    };
  }

  private Path xdgBase(String variable, String defaultUnderHome) {
    String value = envValue(variable);
    // The XDG Base Directory spec says relative values are invalid and must be ignored.
    if (value != null && path(value).isAbsolute()) {
      return path(value);
    }
    Path base = userHome;
    for (String part : defaultUnderHome.split("/")) {
      base = base.resolve(part);
    }
    return base;
  }

  private Path windowsBase(String variable, String appDataChild) {
    String value = envValue(variable);
    return value != null ? path(value) : userHome.resolve("AppData").resolve(appDataChild);
  }

  // Same file system as the home folder, so tests can pass an in-memory or temp-dir home.
  private Path path(String value) {
    return userHome.getFileSystem().getPath(value);
  }

  // An exported-but-empty variable means "unset" in shells; treat it that way.
  private String envValue(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  @Override
  public String toString() {
    return "DroverFolders[os=" + os + ", config=" + configFolder() + ", logs=" + logsFolder() + "]";
  }
}
