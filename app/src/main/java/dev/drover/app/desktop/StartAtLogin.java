package dev.drover.app.desktop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registers Drover to start when the user logs in, the way each desktop expects: an XDG autostart
 * entry on Linux, a LaunchAgent on macOS, the per-user Run key on Windows. It needs the installed
 * app's launcher (jpackage sets {@code jpackage.app-path}); a development build has none and says
 * so.
 */
public final class StartAtLogin {

  private final String osName;
  private final Path userHome;
  private final Map<String, String> env;
  private final Optional<Path> launcher;

  public StartAtLogin(
      String osName, Path userHome, Map<String, String> env, Optional<Path> launcher) {
    this.osName = osName.toLowerCase(Locale.ROOT);
    this.userHome = userHome;
    this.env = env;
    this.launcher = launcher;
  }

  public static StartAtLogin forThisMachine() {
    return new StartAtLogin(
        System.getProperty("os.name"),
        Path.of(System.getProperty("user.home")),
        System.getenv(),
        Optional.ofNullable(System.getProperty("jpackage.app-path"))
            .filter(p -> !p.isBlank())
            .map(Path::of));
  }

  /** Turns starting at login on or off; idempotent. */
  public void apply(boolean enabled) throws IOException {
    if (osName.contains("win")) {
      windowsRunKey(enabled);
      return;
    }
    var entry = entryFile();
    if (!enabled) {
      Files.deleteIfExists(entry);
      return;
    }
    var app =
        launcher.orElseThrow(
            () ->
                new IOException(
                    "Starting at login needs the installed Drover; this copy runs from a development build. Install Drover's package and turn it on there."));
    Files.createDirectories(entry.getParent());
    var temp = entry.resolveSibling(entry.getFileName() + ".tmp");
    Files.writeString(
        temp,
        osName.contains("mac") ? launchAgent(app) : desktopEntry(app),
        StandardCharsets.UTF_8);
    Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The file that makes Drover start at login on Linux and macOS. */
  public Path entryFile() {
    if (osName.contains("mac"))
      return userHome.resolve("Library/LaunchAgents/dev.drover.Drover.plist");
    var configHome =
        Optional.ofNullable(env.get("XDG_CONFIG_HOME"))
            .filter(p -> !p.isBlank())
            .map(Path::of)
            .orElse(userHome.resolve(".config"));
    return configHome.resolve("autostart").resolve("drover.desktop");
  }

  static String desktopEntry(Path app) {
    return """
                [Desktop Entry]
                Type=Application
                Name=Drover
                Comment=Containers and Kubernetes on the desktop
                Exec="%s"
                Terminal=false
                X-GNOME-Autostart-enabled=true
                """
        .formatted(app.toString().replace("\\", "\\\\").replace("\"", "\\\""));
  }

  static String launchAgent(Path app) {
    return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                  <key>Label</key><string>dev.drover.Drover</string>
                  <key>ProgramArguments</key><array><string>%s</string></array>
                  <key>RunAtLoad</key><true/>
                </dict>
                </plist>
                """
        .formatted(app.toString().replace("&", "&amp;").replace("<", "&lt;"));
  }

  private void windowsRunKey(boolean enabled) throws IOException {
    var key = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    List<String> command;
    if (enabled) {
      var app =
          launcher.orElseThrow(
              () ->
                  new IOException(
                      "Starting at login needs the installed Drover; this copy runs from a development build."));
      command =
          List.of("reg", "add", key, "/v", "Drover", "/t", "REG_SZ", "/d", "\"" + app + "\"", "/f");
    } else {
      command = List.of("reg", "delete", key, "/v", "Drover", "/f");
    }
    try {
      var process = new ProcessBuilder(command).redirectErrorStream(true).start();
      var output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      // Deleting a value that is not there is what "off" wants anyway.
      if (process.waitFor() != 0 && enabled)
        throw new IOException("Windows refused the start-up entry: " + output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while registering Drover to start at login", e);
    }
  }
}
