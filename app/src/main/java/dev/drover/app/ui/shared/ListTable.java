package dev.drover.app.ui.shared;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.drover.app.ui.shell.WholeText;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The table every list page shows (containers, images, volumes, networks, containerd). */
public final class ListTable {

  private ListTable() {}

  /** A column showing each row's {@code value} as text, sorted by that text. */
  public static <R> TableColumn<R, String> column(String header, Function<R, String> value) {
    var column = new TableColumn<R, String>(header);
    column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    return column;
  }

  /** The words shown while the table is empty: muted, wrapped, following {@code text}. */
  public static Label placeholder(ObservableValue<String> text) {
    var placeholder = new Label();
    placeholder.textProperty().bind(text);
    placeholder.getStyleClass().add(Styles.TEXT_MUTED);
    placeholder.setWrapText(true);
    return placeholder;
  }

  /**
   * Gives {@code table} the look the list pages share: striped rows edge to edge, the last column
   * taking the spare width, {@code placeholder} while empty, and headers wide enough for their
   * words.
   */
  public static <T extends TableView<?>> T style(T table, Label placeholder) {
    table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setPlaceholder(placeholder);
    WholeText.headers(table);
    return table;
  }

  /**
   * A table of {@code rows}, sortable by its columns, that shows its own copy of them so the
   * selection is carried across a re-list: the row selected before is found again by its {@code
   * key}.
   */
  public static <R, K> TableView<R> keepingSelection(ObservableList<R> rows, Function<R, K> key) {
    var items = FXCollections.observableArrayList(rows);
    var sorted = new SortedList<>(items);
    var table = new TableView<>(sorted);
    sorted.comparatorProperty().bind(table.comparatorProperty());
    rows.addListener(
        (ListChangeListener<R>)
            change -> {
              var selected = table.getSelectionModel().getSelectedItem();
              items.setAll(rows);
              if (selected == null) return;
              var selectedKey = key.apply(selected);
              table.getItems().stream()
                  .filter(r -> Objects.equals(key.apply(r), selectedKey))
                  .findFirst()
                  .ifPresent(r -> table.getSelectionModel().select(r));
            });
    return table;
  }
}
