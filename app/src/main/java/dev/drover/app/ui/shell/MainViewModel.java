package dev.drover.app.ui.shell;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** The window: which page is shown. */
public final class MainViewModel {

  private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(Page.CONTAINERS);
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  private record Subscription(Page page, Runnable asked) {}

  public ReadOnlyObjectProperty<Page> pageProperty() {
    return page.getReadOnlyProperty();
  }

  /**
   * Shows {@code next} as the sidebar names it: its top level. A page that shows one item's details
   * in place of its list (a container's) hears of it through {@link #subscribe}, also when it is
   * already the page shown.
   */
  public void show(Page next) {
    if (next == null) return;
    page.set(next);
    for (var subscription : subscriptions) {
      if (subscription.page() == next) subscription.asked().run();
    }
  }

  /**
   * Runs {@code asked} each time {@code page} is asked for by {@link #show}; closing the handle
   * stops it.
   */
  public AutoCloseable subscribe(Page page, Runnable asked) {
    var subscription = new Subscription(page, asked);
    subscriptions.add(subscription);
    return () -> subscriptions.remove(subscription);
  }
}
