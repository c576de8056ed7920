package dev.drover.app.ui.tray.dbus;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.UInt32;

/**
 * What {@link DbusMenu#GetLayout} answers: the layout's revision ({@link UInt32}) and the layout
 * ({@link MenuLayout}). Generic because dbus-java reads a reply's D-Bus types from the type
 * arguments of the method's return type.
 */
public final class LayoutReply<R, L> extends Tuple {
  @Position(0)
  public final R revision;

  @Position(1)
  public final L layout;

  public LayoutReply(R revision, L layout) {
    this.revision = revision;
    this.layout = layout;
  }
}
