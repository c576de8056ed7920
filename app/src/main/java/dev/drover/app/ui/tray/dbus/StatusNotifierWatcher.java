package dev.drover.app.ui.tray.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * {@code org.kde.StatusNotifierWatcher} at {@code /StatusNotifierWatcher}: the desktop's list of
 * tray items, which its tray (the host) shows. An item registers its bus name here.
 */
@DBusInterfaceName("org.kde.StatusNotifierWatcher")
public interface StatusNotifierWatcher extends DBusInterface {

  /** The well-known bus name the desktop's watcher owns. */
  String BUS_NAME = "org.kde.StatusNotifierWatcher";

  /** The object path of the watcher. */
  String OBJECT_PATH = "/StatusNotifierWatcher";

  void RegisterStatusNotifierItem(String service);

  void RegisterStatusNotifierHost(String service);

  final class StatusNotifierItemRegistered extends DBusSignal {
    public final String service;

    public StatusNotifierItemRegistered(String path, String service) throws DBusException {
      super(path, service);
      this.service = service;
    }
  }

  final class StatusNotifierItemUnregistered extends DBusSignal {
    public final String service;

    public StatusNotifierItemUnregistered(String path, String service) throws DBusException {
      super(path, service);
      this.service = service;
    }
  }

  final class StatusNotifierHostRegistered extends DBusSignal {
    public StatusNotifierHostRegistered(String path) throws DBusException {
      super(path);
    }
  }
}
