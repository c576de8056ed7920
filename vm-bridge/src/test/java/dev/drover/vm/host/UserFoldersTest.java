package dev.drover.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFoldersTest {

  @TempDir Path home;

  @Test
  void blankWindowsFolderVariablesReadAsUnsetAsTheAppReadsThem() {
    var folders =
        UserFolders.forUser(Map.of("APPDATA", "", "LOCALAPPDATA", " "), home, "Windows 11");

    assertThat(folders.configFolder())
        .isEqualTo(home.resolve("AppData").resolve("Roaming").resolve("Drover"));
    assertThat(folders.logsFolder())
        .isEqualTo(home.resolve("AppData").resolve("Local").resolve("Drover").resolve("logs"));
    assertThat(folders.settingsFile())
        .isEqualTo(home.resolve("AppData/Roaming/Drover/settings.json"));
  }

  @Test
  void theCommandFindsTheSettingsTheAppWritesWhenOverridden() {
    var portable = home.resolve("portable");
    var folders =
        UserFolders.forUser(Map.of("DROVER_CONFIG_HOME", " " + portable + " "), home, "Linux");

    assertThat(folders.settingsFile()).isEqualTo(portable.resolve("settings.json"));
    assertThat(folders.logsFolder()).isEqualTo(portable.resolve("logs"));
    assertThat(folders.stateBase()).isEqualTo(portable);
  }
}
