package dev.drover.app.ui.tray.dbus;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** An item's id and the names of properties it no longer has, {@code (ias)}. */
public final class MenuItemRemovedProperties extends Struct {
  @Position(0)
  public final int id;

  @Position(1)
  public final List<String> names;

  public MenuItemRemovedProperties(int id, List<String> names) {
    this.id = id;
    this.names = names;
  }
}
