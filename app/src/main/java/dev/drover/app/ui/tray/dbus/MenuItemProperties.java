package dev.drover.app.ui.tray.dbus;

import java.util.Map;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.Variant;

/** An item's id and properties, {@code (ia{sv})}. */
public final class MenuItemProperties extends Struct {
  @Position(0)
  public final int id;

  @Position(1)
  public final Map<String, Variant<?>> properties;

  public MenuItemProperties(int id, Map<String, Variant<?>> properties) {
    this.id = id;
    this.properties = properties;
  }
}
