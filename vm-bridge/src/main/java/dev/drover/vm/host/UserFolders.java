package dev.drover.vm.host;

import dev.drover.core.folders.DroverFolders;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the app keeps settings and logs and the machine state, as core's {@link DroverFolders}
 * places them, for what reads them outside the app (the {@code drover} command, diagnostics).
 */
public record UserFolders(Path configFolder, Path logsFolder, Path stateBase) {

  public static UserFolders of(DroverFolders folders) {
    return new UserFolders(folders.configFolder(), folders.logsFolder(), folders.stateFolder());
  }

  public static UserFolders forUser(Map<String, String> env, Path userHome, String osName) {
    return of(new DroverFolders(env, userHome, osName));
  }

  public static UserFolders forThisUser() {
    return of(DroverFolders.forThisMachine());
  }

  public Path settingsFile() {
    return configFolder.resolve(DroverFolders.SETTINGS_FILE_NAME);
  }
}
