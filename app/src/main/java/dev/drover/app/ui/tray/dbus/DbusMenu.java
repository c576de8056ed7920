package dev.drover.app.ui.tray.dbus;

import java.util.List;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * {@code com.canonical.dbusmenu}: a menu that the desktop draws itself, reading its layout over
 * D-Bus and sending back the events (a "clicked" item). Protocol version 3.
 */
@DBusInterfaceName("com.canonical.dbusmenu")
public interface DbusMenu extends DBusInterface {

  /**
   * The items below {@code parentId} down to {@code recursionDepth} levels (-1: all), with the
   * named properties (none named: all).
   */
  LayoutReply<UInt32, MenuLayout> GetLayout(
      int parentId, int recursionDepth, List<String> propertyNames);

  List<MenuItemProperties> GetGroupProperties(List<Integer> ids, List<String> propertyNames);

  Variant<?> GetProperty(int id, String name);

  void Event(int id, String eventId, Variant<?> data, UInt32 timestamp);

  /** Returns the ids that were not found. */
  List<Integer> EventGroup(List<MenuEvent> events);

  /** Whether the layout below {@code id} should be read again before it is shown. */
  boolean AboutToShow(int id);

  AboutToShowGroupReply<List<Integer>, List<Integer>> AboutToShowGroup(List<Integer> ids);

  /** The layout changed below {@code parent}; its new revision is {@code revision}. */
  final class LayoutUpdated extends DBusSignal {
    public final UInt32 revision;
    public final int parent;

    public LayoutUpdated(String path, UInt32 revision, int parent) throws DBusException {
      super(path, revision, parent);
      this.revision = revision;
      this.parent = parent;
    }
  }

  /** Some items' properties changed. */
  final class ItemsPropertiesUpdated extends DBusSignal {
    public final List<MenuItemProperties> updatedProps;
    public final List<MenuItemRemovedProperties> removedProps;

    public ItemsPropertiesUpdated(
        String path,
        List<MenuItemProperties> updatedProps,
        List<MenuItemRemovedProperties> removedProps)
        throws DBusException {
      super(path, updatedProps, removedProps);
      this.updatedProps = updatedProps;
      this.removedProps = removedProps;
    }
  }

  /** The application asks the desktop to open the menu of {@code id}. */
  final class ItemActivationRequested extends DBusSignal {
    public final int id;
    public final UInt32 timestamp;

    public ItemActivationRequested(String path, int id, UInt32 timestamp) throws DBusException {
      super(path, id, timestamp);
      this.id = id;
      this.timestamp = timestamp;
    }
  }
}
