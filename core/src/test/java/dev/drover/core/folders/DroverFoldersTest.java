package dev.drover.core.folders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DroverFoldersTest {

  @TempDir Path home;

  @Test
  void linuxDefaultsToDotConfigAndLocalState() {
    DroverFolders folders = new DroverFolders(Map.of(), home, "Linux");

    assertThat(folders.configFolder()).isEqualTo(home.resolve(".config/drover"));
    assertThat(folders.logsFolder()).isEqualTo(home.resolve(".local/state/drover"));
    assertThat(folders.settingsFile()).isEqualTo(home.resolve(".config/drover/settings.json"));
  }

  @Test
  void xdgConfigHomeIsHonoured() {
    Path xdgConfig = home.resolve("xdg-config");
    Path xdgState = home.resolve("xdg-state");
    DroverFolders folders =
        new DroverFolders(
            Map.of("XDG_CONFIG_HOME", xdgConfig.toString(), "XDG_STATE_HOME", xdgState.toString()),
            home,
            "Linux");

    assertThat(folders.configFolder()).isEqualTo(xdgConfig.resolve("drover"));
    assertThat(folders.logsFolder()).isEqualTo(xdgState.resolve("drover"));
  }

  @Test
  void relativeOrEmptyXdgValuesAreIgnoredAsTheSpecRequires() {
    DroverFolders folders =
        new DroverFolders(
            Map.of("XDG_CONFIG_HOME", "relative/config", "XDG_STATE_HOME", ""), home, "FreeBSD");

    assertThat(folders.configFolder()).isEqualTo(home.resolve(".config/drover"));
    assertThat(folders.logsFolder()).isEqualTo(home.resolve(".local/state/drover"));
  }

  @Test
  void cacheFolderFollowsEachPlatformsConvention() {
    assertThat(new DroverFolders(Map.of(), home, "Linux").cacheFolder())
        .isEqualTo(home.resolve(".cache/drover"));
    assertThat(
            new DroverFolders(
                    Map.of("XDG_CACHE_HOME", home.resolve("xc").toString()), home, "Linux")
                .cacheFolder())
        .isEqualTo(home.resolve("xc/drover"));
    assertThat(new DroverFolders(Map.of(), home, "Mac OS X").cacheFolder())
        .isEqualTo(home.resolve("Library/Caches/Drover"));
    assertThat(
            new DroverFolders(
                    Map.of("LOCALAPPDATA", home.resolve("Local").toString()), home, "Windows 11")
                .cacheFolder())
        .isEqualTo(home.resolve("Local").resolve("Drover").resolve("cache"));
    assertThat(
            new DroverFolders(
                    Map.of(DroverFolders.CONFIG_HOME_OVERRIDE, home.resolve("p").toString()),
                    home,
                    "Linux")
                .cacheFolder())
        .isEqualTo(home.resolve("p").resolve("cache"));
  }

  @Test
  void runtimeFolderIsPerUserAndTheSameWithOrWithoutASessionRuntimeDir() {
    var runtime = home.resolve("run-user-1000");
    assertThat(
            new DroverFolders(Map.of("XDG_RUNTIME_DIR", runtime.toString()), home, "Linux")
                .runtimeFolder())
        .isEqualTo(home.resolve(".local/state/drover/run"));
    assertThat(new DroverFolders(Map.of(), home, "Linux").runtimeFolder())
        .isEqualTo(home.resolve(".local/state/drover/run"));
    assertThat(
            new DroverFolders(
                    Map.of("XDG_STATE_HOME", home.resolve("st").toString()), home, "Linux")
                .runtimeFolder())
        .isEqualTo(home.resolve("st/drover/run"));
    assertThat(new DroverFolders(Map.of(), home, "Mac OS X").runtimeFolder())
        .isEqualTo(home.resolve("Library/Application Support/Drover/run"));
    assertThat(
            new DroverFolders(
                    Map.of("LOCALAPPDATA", home.resolve("Local").toString()), home, "Windows 11")
                .runtimeFolder())
        .isEqualTo(home.resolve("Local").resolve("Drover").resolve("run"));
    assertThat(
            new DroverFolders(
                    Map.of(
                        DroverFolders.CONFIG_HOME_OVERRIDE,
                        home.resolve("p").toString(),
                        "XDG_RUNTIME_DIR",
                        runtime.toString()),
                    home,
                    "Linux")
                .runtimeFolder())
        .isEqualTo(home.resolve("p").resolve("run"));
  }

  @Test
  void macAndWindowsFolders() {
    DroverFolders mac = new DroverFolders(Map.of(), home, "Mac OS X");
    assertThat(mac.configFolder()).isEqualTo(home.resolve("Library/Application Support/Drover"));
    assertThat(mac.logsFolder()).isEqualTo(home.resolve("Library/Logs/Drover"));

    Path roaming = home.resolve("Roaming");
    Path local = home.resolve("Local");
    DroverFolders windows =
        new DroverFolders(
            Map.of("APPDATA", roaming.toString(), "LOCALAPPDATA", local.toString()),
            home,
            "Windows 11");
    assertThat(windows.configFolder()).isEqualTo(roaming.resolve("Drover"));
    assertThat(windows.logsFolder()).isEqualTo(local.resolve("Drover").resolve("logs"));

    DroverFolders windowsWithoutEnv = new DroverFolders(Map.of(), home, "Windows Server 2022");
    assertThat(windowsWithoutEnv.configFolder())
        .isEqualTo(home.resolve("AppData").resolve("Roaming").resolve("Drover"));
    assertThat(windowsWithoutEnv.logsFolder())
        .isEqualTo(home.resolve("AppData").resolve("Local").resolve("Drover").resolve("logs"));
  }

  @Test
  void droverConfigHomeOverrides() {
    Path portable = home.resolve("portable");
    for (String os : new String[] {"Linux", "Mac OS X", "Windows 11"}) {
      DroverFolders folders =
          new DroverFolders(
              Map.of(
                  DroverFolders.CONFIG_HOME_OVERRIDE,
                  portable.toString(),
                  "XDG_CONFIG_HOME",
                  home.resolve("xdg").toString(),
                  "APPDATA",
                  home.resolve("Roaming").toString()),
              home,
              os);

      assertThat(folders.configFolder()).as(os).isEqualTo(portable);
      assertThat(folders.settingsFile()).as(os).isEqualTo(portable.resolve("settings.json"));
      assertThat(folders.logsFolder()).as(os).isEqualTo(portable.resolve("logs"));
    }
  }

  @Test
  void stateFolderHoldsTheSharedMachineStateOnEachPlatform() {
    assertThat(new DroverFolders(Map.of(), home, "Linux").stateFolder())
        .isEqualTo(home.resolve(".local/state/drover"));
    assertThat(
            new DroverFolders(
                    Map.of("XDG_STATE_HOME", home.resolve("st").toString()), home, "Linux")
                .stateFolder())
        .isEqualTo(home.resolve("st/drover"));
    assertThat(
            new DroverFolders(Map.of("XDG_STATE_HOME", "relative/state"), home, "Linux")
                .stateFolder())
        .isEqualTo(home.resolve(".local/state/drover"));
    assertThat(new DroverFolders(Map.of(), home, "Mac OS X").stateFolder())
        .isEqualTo(home.resolve("Library/Application Support/Drover"));
    assertThat(
            new DroverFolders(
                    Map.of("LOCALAPPDATA", home.resolve("Local").toString()), home, "Windows 11")
                .stateFolder())
        .isEqualTo(home.resolve("Local").resolve("Drover"));
    assertThat(new DroverFolders(Map.of(), home, "Windows 11").stateFolder())
        .isEqualTo(home.resolve("AppData").resolve("Local").resolve("Drover"));
    // The override itself, not a folder under it: existing test homes keep their VMs at <home>/vm.
    assertThat(
            new DroverFolders(
                    Map.of(DroverFolders.CONFIG_HOME_OVERRIDE, home.resolve("p").toString()),
                    home,
                    "Windows 11")
                .stateFolder())
        .isEqualTo(home.resolve("p"));
  }

  @Test
  void blankOrPaddedVariablesReadAsUnsetOrStrippedOnEveryPlatform() {
    var windows =
        new DroverFolders(
            Map.of("APPDATA", " ", "LOCALAPPDATA", "", DroverFolders.CONFIG_HOME_OVERRIDE, ""),
            home,
            "Windows 10");
    assertThat(windows.configFolder())
        .isEqualTo(home.resolve("AppData").resolve("Roaming").resolve("Drover"));
    assertThat(windows.cacheFolder())
        .isEqualTo(home.resolve("AppData").resolve("Local").resolve("Drover").resolve("cache"));
    var padded =
        new DroverFolders(
            Map.of(DroverFolders.CONFIG_HOME_OVERRIDE, " " + home.resolve("p") + "\n"),
            home,
            "Linux");
    assertThat(padded.configFolder()).isEqualTo(home.resolve("p"));
  }

  @Test
  void darwinAndTheBsdsUseTheirFamiliesLayouts() {
    assertThat(new DroverFolders(Map.of(), home, "Darwin").configFolder())
        .isEqualTo(home.resolve("Library/Application Support/Drover"));
    assertThat(new DroverFolders(Map.of(), home, "OpenBSD").configFolder())
        .isEqualTo(home.resolve(".config/drover"));
  }

  @Test
  void forThisMachineWorksWithTheRealEnvironment() {
    assertThat(DroverFolders.forThisMachine().settingsFile()).hasFileName("settings.json");
  }
}
