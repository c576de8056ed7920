package dev.drover.tests.tray;

import dev.drover.app.ui.tray.dbus.StatusNotifierWatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * The desktop's stand-in: what KDE Plasma or GNOME's AppIndicator extension runs on the session bus
 * as {@code org.kde.StatusNotifierWatcher}, reduced to what an item talks to. It keeps the items
 * that register and says it has a host, so that an app takes it for a desktop with a tray.
 */
final class StandInStatusNotifierWatcher
    implements StatusNotifierWatcher, Properties, AutoCloseable {

  private final DBusConnection bus;
  private final List<String> items = new CopyOnWriteArrayList<>();

  private StandInStatusNotifierWatcher(DBusConnection bus) {
    this.bus = bus;
  }

  /** Takes the watcher's well-known name on the bus at {@code address}. */
  static StandInStatusNotifierWatcher on(String address) throws DBusException {
    var bus = DBusConnectionBuilder.forAddress(address).withShared(false).build();
    var watcher = new StandInStatusNotifierWatcher(bus);
    bus.exportObject(OBJECT_PATH, watcher);
    bus.requestBusName(BUS_NAME);
    return watcher;
  }

  /** The bus names of the items registered so far. */
  List<String> items() {
    return List.copyOf(items);
  }

  /** The watcher's connection, for reading the items it knows. */
  DBusConnection bus() {
    return bus;
  }

  @Override
  public String getObjectPath() {
    return OBJECT_PATH;
  }

  @Override
  public void RegisterStatusNotifierItem(String service) {
    if (!items.contains(service)) items.add(service);
    try {
      bus.sendMessage(new StatusNotifierItemRegistered(OBJECT_PATH, service));
    } catch (DBusException e) {
      throw new DBusExecutionException(e.getMessage(), e);
    }
  }

  @Override
  public void RegisterStatusNotifierHost(String service) {}

  @Override
  @SuppressWarnings("unchecked")
  public <A> A Get(String interfaceName, String name) {
    var value = GetAll(interfaceName).get(name);
    if (value == null) throw new DBusExecutionException("No property " + name);
    return (A) value;
  }

  @Override
  public <A> void Set(String interfaceName, String name, A value) {
    throw new DBusExecutionException("read-only");
  }

  @Override
  public Map<String, Variant<?>> GetAll(String interfaceName) {
    return Map.of(
        "RegisteredStatusNotifierItems", new Variant<>(items(), "as"),
        "IsStatusNotifierHostRegistered", new Variant<>(true),
        "ProtocolVersion", new Variant<>(0));
  }

  @Override
  public void close() {
    bus.disconnect();
  }
}
