package dev.drover.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartAtLoginTest {

  @TempDir Path home;

  @Test
  void onLinuxAnXdgAutostartEntryStartsTheInstalledLauncher() throws IOException {
    var login =
        new StartAtLogin("Linux", home, Map.of(), Optional.of(Path.of("/opt/drover/bin/Drover")));

    login.apply(true);

    var entry = home.resolve(".config/autostart/drover.desktop");
    assertThat(login.entryFile()).isEqualTo(entry);
    assertThat(Files.readString(entry))
        .contains("[Desktop Entry]", "Exec=\"/opt/drover/bin/Drover\"", "Type=Application");

    login.apply(false);
    assertThat(entry).doesNotExist();
    login.apply(false); // already off: nothing to do, no error
  }

  @Test
  void xdgConfigHomeIsHonoured() {
    var login =
        new StartAtLogin(
            "Linux",
            home,
            Map.of("XDG_CONFIG_HOME", home.resolve("cfg").toString()),
            Optional.empty());
    assertThat(login.entryFile()).isEqualTo(home.resolve("cfg/autostart/drover.desktop"));
  }

  @Test
  void onMacALaunchAgentRunsAtLoad() throws IOException {
    var login =
        new StartAtLogin(
            "Mac OS X",
            home,
            Map.of(),
            Optional.of(Path.of("/Applications/Drover.app/Contents/MacOS/Drover")));

    login.apply(true);

    assertThat(Files.readString(home.resolve("Library/LaunchAgents/dev.drover.Drover.plist")))
        .contains(
            "<string>/Applications/Drover.app/Contents/MacOS/Drover</string>",
            "<key>RunAtLoad</key><true/>");
  }

  @Test
  void aDevelopmentBuildSaysStartAtLoginNeedsTheInstalledApp() {
    var login = new StartAtLogin("Linux", home, Map.of(), Optional.empty());

    assertThatThrownBy(() -> login.apply(true)).hasMessageContaining("needs the installed Drover");
    assertThat(home.resolve(".config/autostart")).doesNotExist();
  }
}
