package dev.drover.app.ui.time;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.TableCell;

/**
 * A table cell whose text is a relative time kept current by {@link LiveTimes}, only while the cell
 * shows an item in a window on screen: a cell of a hidden page or tab, a hidden or minimised window
 * or an empty row keeps no timer going.
 *
 * @param <S> the table's row type
 * @param <T> the cell's value
 */
public final class LiveTimeCell<S, T> extends TableCell<S, T> {

  private final LiveTimes times;
  private final Elapsed style;
  private final Function<T, Instant> since;
  private final BiFunction<T, Instant, String> text;
  private final ObservableValue<Boolean> onScreen;
  private AutoCloseable shown;

  /**
   * @param since the time the value's text counts from; null for a value without one (its text is
   *     then fixed)
   * @param text the value's text at a given now
   */
  public LiveTimeCell(
      LiveTimes times,
      Elapsed style,
      Function<T, Instant> since,
      BiFunction<T, Instant, String> text) {
    this.times = times;
    this.style = style;
    this.since = since;
    this.text = text;
    this.onScreen = OnScreen.of(this);
    onScreen.addListener((obs, was, now) -> render());
  }

  /** A cell showing an instant in {@code style}, e.g. a creation time as an age. */
  public static <S> LiveTimeCell<S, Instant> of(LiveTimes times, Elapsed style) {
    return new LiveTimeCell<>(
        times,
        style,
        when -> when == null || when.equals(Instant.EPOCH) ? null : when,
        (when, now) ->
            when == null || when.equals(Instant.EPOCH)
                ? "—"
                : style.text(Duration.between(when, now)));
  }

  @Override
  protected void updateItem(T item, boolean empty) {
    super.updateItem(item, empty);
    render();
  }

  private void render() {
    stopShowing();
    var item = getItem();
    if (isEmpty() || item == null) {
      setText(null);
      return;
    }
    setText(text.apply(item, times.now()));
    var from = since.apply(item);
    if (from == null || !onScreen.getValue()) return;
    shown = times.show(from, style, () -> setText(text.apply(getItem(), times.now())));
  }

  private void stopShowing() {
    var handle = shown;
    shown = null;
    if (handle == null) return;
    try {
      handle.close();
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
