package dev.drover.app.ui.shell;

import static javafx.collections.FXCollections.observableArrayList;

import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;

/**
 * Problems shown above the page until dismissed: a damaged settings file, an unexpected error. A
 * repeat of a notice already shown is not added again, so a failing loop cannot bury the window.
 */
public final class NoticesViewModel {

  static final int MAX_SHOWN = 3;

  private final ReadOnlyListWrapper<Notice> notices =
      new ReadOnlyListWrapper<>(observableArrayList());

  public ReadOnlyListProperty<Notice> noticesProperty() {
    return notices.getReadOnlyProperty();
  }

  /** Call on the UI thread. */
  public void report(Notice notice) {
    if (notices.contains(notice)) return;
    notices.add(notice);
    if (notices.size() > MAX_SHOWN) notices.remove(0);
  }

  public void dismiss(Notice notice) {
    notices.remove(notice);
  }
}
