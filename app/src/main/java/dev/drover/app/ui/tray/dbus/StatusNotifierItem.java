package dev.drover.app.ui.tray.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * {@code org.kde.StatusNotifierItem}: an application's icon in the desktop's tray (KDE Plasma,
 * GNOME with the AppIndicator extension, Xfce, Cinnamon, LXQt, wlroots bars). Its properties
 * (Category, Id, Title, Status, IconPixmap, ToolTip, Menu, ItemIsMenu) are read through {@code
 * org.freedesktop.DBus.Properties}; the signals say which of them to read again.
 */
@DBusInterfaceName("org.kde.StatusNotifierItem")
public interface StatusNotifierItem extends DBusInterface {

  /** A primary click on the icon at screen position x, y. */
  void Activate(int x, int y);

  void SecondaryActivate(int x, int y);

  /** Asks the item to show its own menu; Drover's menu is drawn by the desktop (Menu property). */
  void ContextMenu(int x, int y);

  void Scroll(int delta, String orientation);

  final class NewIcon extends DBusSignal {
    public NewIcon(String path) throws DBusException {
      super(path);
    }
  }

  final class NewToolTip extends DBusSignal {
    public NewToolTip(String path) throws DBusException {
      super(path);
    }
  }

  final class NewTitle extends DBusSignal {
    public NewTitle(String path) throws DBusException {
      super(path);
    }
  }

  final class NewStatus extends DBusSignal {
    public final String status;

    public NewStatus(String path, String status) throws DBusException {
      super(path, status);
      this.status = status;
    }
  }
}
