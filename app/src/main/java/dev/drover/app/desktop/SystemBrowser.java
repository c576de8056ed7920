package dev.drover.app.desktop;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Opens links in the user's browser through the desktop's own opener (xdg-open, open, or the
 * Windows URL handler), so Drover needs neither AWT nor an Application instance for it.
 */
public final class SystemBrowser implements Consumer<String> {

  private final String osName;

  public SystemBrowser(String osName) {
    this.osName = osName.toLowerCase(Locale.ROOT);
  }

  /** Opens {@code url}; throws with a message a user can act on when the desktop has no opener. */
  @Override
  public void accept(String url) {
    var command =
        osName.contains("win")
            ? List.of("rundll32", "url.dll,FileProtocolHandler", url)
            : osName.contains("mac") ? List.of("open", url) : List.of("xdg-open", url);
    try {
      new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not open "
              + url
              + ": "
              + command.getFirst()
              + " is not available on this desktop. Open the address in your browser yourself.",
          e);
    }
  }
}
