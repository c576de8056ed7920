package dev.drover.app.ui.tray.dbus;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** An item's tool tip, {@code (sa(iiay)ss)}: icon name, icon pixmaps, title and text. */
public final class ToolTip extends Struct {
  @Position(0)
  public final String iconName;

  @Position(1)
  public final List<IconPixmap> iconPixmaps;

  @Position(2)
  public final String title;

  @Position(3)
  public final String text;

  public ToolTip(String iconName, List<IconPixmap> iconPixmaps, String title, String text) {
    this.iconName = iconName;
    this.iconPixmaps = iconPixmaps;
    this.title = title;
    this.text = text;
  }
}
