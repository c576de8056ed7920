package dev.drover.app.ui.tray.dbus;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.Variant;

/**
 * One menu item and what is below it, {@code (ia{sv}av)}: its id, its properties (label, enabled,
 * type, toggle-type, toggle-state, children-display) and its children, each a variant holding a
 * layout of the same shape.
 */
public final class MenuLayout extends Struct {
  /** The D-Bus signature of a layout, which each child's variant names. */
  public static final String SIGNATURE = "(ia{sv}av)";

  @Position(0)
  public final int id;

  @Position(1)
  public final Map<String, Variant<?>> properties;

  @Position(2)
  public final List<Variant<?>> children;

  public MenuLayout(int id, Map<String, Variant<?>> properties, List<Variant<?>> children) {
    this.id = id;
    this.properties = properties;
    this.children = children;
  }
}
