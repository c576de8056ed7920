package dev.drover.vm.wsl;

import dev.drover.vm.guest.GuestPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * WSL 2's way of reaching guest ports: its localhost forwarding makes a port the guest listens on
 * reachable on Windows' 127.0.0.1 under the same number, so there is nothing to add or remove. It
 * is on unless the user's {@code .wslconfig} turns {@code localhostForwarding} off (in mirrored
 * networking the guest shares the host's loopback, which reaches the port as well); then a forward
 * is refused with what to change.
 */
public final class Wsl2GuestPorts implements GuestPorts {

  private final Path wslConfig;

  /**
   * @param wslConfig the user's {@code %UserProfile%\.wslconfig}, which need not exist
   */
  public Wsl2GuestPorts(Path wslConfig) {
    this.wslConfig = wslConfig;
  }

  @Override
  public Optional<String> add(int guestPort, int hostPort) throws IOException {
    if (hostPort != guestPort)
      return Optional.of("WSL 2 reaches guest port " + guestPort + " only under its own number");
    if (localhostForwarding(readConfig())) return Optional.empty();
    return Optional.of(
        "WSL's localhost forwarding is off (localhostForwarding=false in "
            + wslConfig
            + "); set it to true, run `wsl --shutdown` and start the VM again");
  }

  /** Nothing to remove: the port is reachable for as long as the guest listens on it. */
  @Override
  public void remove(int hostPort) {}

  @Override
  public OptionalInt forwardedTo(int guestPort) throws IOException {
    return localhostForwarding(readConfig()) ? OptionalInt.of(guestPort) : OptionalInt.empty();
  }

  @Override
  public boolean reachesGuestPortsDirectly() {
    return true;
  }

  private String readConfig() throws IOException {
    try {
      return Files.readString(wslConfig, StandardCharsets.UTF_8);
    } catch (NoSuchFileException absent) {
      return "";
    }
  }

  /**
   * Whether a {@code .wslconfig}'s {@code [wsl2]} section leaves Windows' 127.0.0.1 reaching the
   * guest's ports: WSL's default, or mirrored networking, unless localhostForwarding is false.
   */
  static boolean localhostForwarding(String wslConfigText) {
    var section = "";
    var forwarding = true;
    var mirrored = false;
    for (var raw : wslConfigText.lines().toList()) {
      var line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
        continue;
      }
      var equals = line.indexOf('=');
      if (!section.equals("wsl2") || equals < 0) continue;
      var key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
      var value = unquoted(line.substring(equals + 1)).toLowerCase(Locale.ROOT);
      if (key.equals("localhostforwarding")) forwarding = !value.equals("false");
      if (key.equals("networkingmode")) mirrored = value.equals("mirrored");
    }
    return forwarding || mirrored;
  }

  private static String unquoted(String value) {
    var comment = value.indexOf('#');
    var text = (comment >= 0 ? value.substring(0, comment) : value).strip();
    return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
        ? text.substring(1, text.length() - 1).strip()
        : text;
  }
}
