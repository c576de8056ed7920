package dev.drover.app.ui.tray.dbus;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;

/**
 * What {@link DbusMenu#AboutToShowGroup} answers: items to read again, and unknown ids (both {@code
 * List<Integer>}; generic for the same reason as {@link LayoutReply}).
 */
public final class AboutToShowGroupReply<U, E> extends Tuple {
  @Position(0)
  public final U updatesNeeded;

  @Position(1)
  public final E idErrors;

  public AboutToShowGroupReply(U updatesNeeded, E idErrors) {
    this.updatesNeeded = updatesNeeded;
    this.idErrors = idErrors;
  }
}
