package dev.drover.app.ui.shared;

import static javafx.collections.FXCollections.observableArrayList;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.EmptyTableText;
import dev.drover.engine.EngineStatus;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A list page's rows: everything the engine last listed, narrowed by the text the user types, and
 * what the empty table says — the engine's state, why the list failed, that there is nothing yet,
 * or that the filter matches nothing. Used on the UI thread, except {@link #engineStatusChanged}.
 *
 * @param <R> the page's row
 */
public final class FilteredRows<R> {

  private static final String CONNECTING = "Connecting to the engine…";

  private final Background background;
  private final String noun;
  private final BiPredicate<R, String> matches;
  private final ReadOnlyListWrapper<R> rows = new ReadOnlyListWrapper<>(observableArrayList());
  private final StringProperty filter;
  private final ReadOnlyStringWrapper placeholder;

  /**
   * What the empty table says when no filter narrows it: the engine's state, or why the list
   * failed.
   */
  private String listedText = CONNECTING;

  private List<R> all = List.of();

  /**
   * @param page the view model whose properties these are (their bean)
   * @param noun one row's kind in the empty table's words, e.g. "volume"
   * @param matches whether a row matches the filter, given in lower case and stripped
   */
  public FilteredRows(
      Background background, Object page, String noun, BiPredicate<R, String> matches) {
    this.background = background;
    this.noun = noun;
    this.matches = matches;
    this.filter = new SimpleStringProperty(page, "filter", "");
    this.placeholder = new ReadOnlyStringWrapper(page, "placeholder", CONNECTING);
    filter.addListener((obs, was, now) -> show());
  }

  /** The rows the filter lets through, in the order they were listed. */
  public ReadOnlyListProperty<R> rowsProperty() {
    return rows.getReadOnlyProperty();
  }

  /** The text rows are matched against; empty shows all. */
  public StringProperty filterProperty() {
    return filter;
  }

  /** What the empty table says. */
  public ReadOnlyStringProperty placeholderProperty() {
    return placeholder.getReadOnlyProperty();
  }

  /**
   * The engine's state changed; any thread. Until the next list the empty table says so, except
   * once connected, when the list that follows says what there is.
   */
  public void engineStatusChanged(EngineStatus status) {
    var text = EmptyTableText.of(status, null);
    if (text != null)
      background
          .ui()
          .post(
              () -> {
                listedText = text;
                show();
              });
  }

  /** The engine listed {@code listed}; {@code emptyText} is what an empty list says. */
  public void listed(List<R> listed, String emptyText) {
    all = List.copyOf(listed);
    listedText = emptyText;
    show();
  }

  /** The list failed for {@code reason}; the rows listed before stay. */
  public void listFailed(String reason) {
    listedText = reason;
    placeholder.set(reason);
  }

  private void show() {
    var typed = filter.get() == null ? "" : filter.get().strip();
    var text = typed.toLowerCase(Locale.ROOT);
    rows.setAll(all.stream().filter(r -> matches.test(r, text)).toList());
    placeholder.set(
        all.isEmpty() || typed.isEmpty()
            ? listedText
            : "No " + noun + " matches “" + typed + "”. Clear the filter to see them all.");
  }
}
