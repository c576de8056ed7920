package dev.drover.app.ui.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The HTML page the Terminal tab shows: xterm.js, the terminal emulator VS Code uses, from its
 * WebJar, inlined so the page needs no server and no file URLs into another jar.
 */
final class TerminalPage {

  private static final String WEBJAR = "META-INF/resources/webjars/xterm/";

  private TerminalPage() {}

  static String html(boolean dark) {
    var version = xtermVersion();
    return text("dev/drover/app/ui/terminal/terminal.html")
        .replace("/*XTERM_CSS*/", text(WEBJAR + version + "/css/xterm.css"))
        .replace("/*XTERM_JS*/", text(WEBJAR + version + "/lib/xterm.js"))
        .replace("/*PALETTE*/", dark ? DARK : LIGHT);
  }

  // GitHub Primer colours, like the AtlantaFX theme around the terminal.
  private static final String LIGHT =
      """
            {background: '#ffffff', foreground: '#24292f', cursor: '#24292f', selection: 'rgba(84, 174, 255, 0.4)',
             black: '#24292f', red: '#cf222e', green: '#116329', yellow: '#4d2d00', blue: '#0969da', magenta: '#8250df',
             cyan: '#1b7c83', white: '#6e7781', brightBlack: '#57606a', brightRed: '#a40e26', brightGreen: '#1a7f37',
             brightYellow: '#633c01', brightBlue: '#218bff', brightMagenta: '#a475f9', brightCyan: '#3192aa',
             brightWhite: '#8c959f'}""";
  private static final String DARK =
      """
            {background: '#0d1117', foreground: '#c9d1d9', cursor: '#c9d1d9', selection: 'rgba(56, 139, 253, 0.4)',
             black: '#484f58', red: '#ff7b72', green: '#3fb950', yellow: '#d29922', blue: '#58a6ff', magenta: '#bc8cff',
             cyan: '#39c5cf', white: '#b1bac4', brightBlack: '#6e7681', brightRed: '#ffa198', brightGreen: '#56d364',
             brightYellow: '#e3b341', brightBlue: '#79c0ff', brightMagenta: '#d2a8ff', brightCyan: '#56d4dd',
             brightWhite: '#f0f6fc'}""";

  private static String xtermVersion() {
    var properties = new Properties();
    try (var in =
        resource(
            TerminalPage.class.getClassLoader(),
            "META-INF/maven/org.webjars.npm/xterm/pom.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static String text(String classpathResource) {
    try (var in = resource(TerminalPage.class.getClassLoader(), classpathResource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(ClassLoader loader, String name) throws IOException {
    var in = loader.getResourceAsStream(name);
    if (in == null) throw new IOException("the app is missing " + name + "; reinstall Drover");
    return in;
  }
}
