package dev.drover.app.ui.kubernetes;

/** Checks the port forward dialog's input before anything is started. */
final class PortText {

  private PortText() {}

  /**
   * @return what is wrong with the input, or null when both ports can be used
   */
  static String check(String remote, String local) {
    var remotePort = parse(remote);
    if (remotePort == null || remotePort < 1 || remotePort > 65535)
      return "The port in the cluster must be a number from 1 to 65535.";
    if (local == null || local.isBlank()) return null;
    var localPort = parse(local);
    if (localPort == null || localPort < 1 || localPort > 65535)
      return "The local port must be a number from 1 to 65535, or empty for any free port.";
    return null;
  }

  private static Integer parse(String text) {
    if (text == null) return null;
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
