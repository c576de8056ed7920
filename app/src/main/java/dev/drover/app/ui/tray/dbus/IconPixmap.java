package dev.drover.app.ui.tray.dbus;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** One size of an icon, {@code (iiay)}: width, height and ARGB32 pixels in network byte order. */
public final class IconPixmap extends Struct {
  @Position(0)
  public final int width;

  @Position(1)
  public final int height;

  @Position(2)
  public final byte[] argb;

  public IconPixmap(int width, int height, byte[] argb) {
    this.width = width;
    this.height = height;
    this.argb = argb;
  }
}
