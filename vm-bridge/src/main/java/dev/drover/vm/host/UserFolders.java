package dev.drover.vm.host;

import dev.drover.vm.instance.VmInstance;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the app keeps settings and logs, for the {@code drover} command, which cannot use the app's
 * own ConfigFolders (it has no JavaFX-side code); the same rules: DROVER_CONFIG_HOME, else XDG on
 * Linux, Application Support and Logs on macOS, APPDATA and LOCALAPPDATA on Windows.
 */
public record UserFolders(Path configFolder, Path logsFolder, Path stateBase) {

  public static UserFolders forUser(Map<String, String> env, Path userHome, String osName) {
    var override = env.get(VmInstance.CONFIG_HOME_OVERRIDE);
    var state = VmInstance.stateBase(env, userHome, osName);
    if (override != null && !override.isBlank()) {
      var base = Path.of(override.strip());
      return new UserFolders(base, base.resolve("logs"), state);
    }
    var os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      var roaming =
          env.getOrDefault("APPDATA", userHome.resolve("AppData").resolve("Roaming").toString());
      var local =
          env.getOrDefault("LOCALAPPDATA", userHome.resolve("AppData").resolve("Local").toString());
      return new UserFolders(Path.of(roaming, "Drover"), Path.of(local, "Drover", "logs"), state);
    }
    if (os.contains("mac") || os.contains("darwin")) {
      return new UserFolders(
          userHome.resolve("Library/Application Support/Drover"),
          userHome.resolve("Library/Logs/Drover"),
          state);
    }
    var config = env.get("XDG_CONFIG_HOME");
    var stateHome = env.get("XDG_STATE_HOME");
    return new UserFolders(
        (config != null && Path.of(config).isAbsolute()
                ? Path.of(config)
                : userHome.resolve(".config"))
            .resolve("drover"),
        (stateHome != null && Path.of(stateHome).isAbsolute()
                ? Path.of(stateHome)
                : userHome.resolve(".local/state"))
            .resolve("drover"),
        state);
  }

  public static UserFolders forThisUser() {
    return forUser(
        System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("os.name"));
  }

  public Path settingsFile() {
    return configFolder.resolve("settings.json");
  }
}
