package dev.drover.app.ui.tray;

/**
 * Drover's icon and menu in the desktop's tray, following a {@link TrayViewModel}. Two kinds: the
 * freedesktop StatusNotifierItem over D-Bus ({@link StatusNotifierTrayView}, KDE, GNOME with the
 * AppIndicator extension and most Linux desktops) and AWT's system tray ({@link SystemTrayView},
 * Windows, macOS and X11 trays); the composition root picks the first the desktop has.
 */
public interface TrayView extends AutoCloseable {

  /**
   * Puts the icon in the tray, where from then on it follows the view model; false when the tray
   * refuses it. Call off the FX thread.
   */
  boolean show();

  /** Takes the icon out of the tray. */
  @Override
  void close();
}
