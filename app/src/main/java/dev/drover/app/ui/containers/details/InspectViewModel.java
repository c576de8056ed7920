package dev.drover.app.ui.containers.details;

import dev.drover.app.ui.concurrent.Background;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** A container's inspect document, formatted, with search over it. */
public final class InspectViewModel {

  private final ReadOnlyStringWrapper json = new ReadOnlyStringWrapper("Loading…");
  private final StringProperty search = new SimpleStringProperty("");
  private final ReadOnlyIntegerWrapper matchCount = new ReadOnlyIntegerWrapper(0);
  private final ReadOnlyIntegerWrapper currentMatch = new ReadOnlyIntegerWrapper(-1);
  private List<Integer> matches = List.of();

  public InspectViewModel(Background background, Callable<String> inspect) {
    search.addListener((obs, old, text) -> findMatches());
    json.addListener((obs, old, text) -> findMatches());
    background.run(inspect, json::set, failure -> json.set(failure.getMessage()));
  }

  public ReadOnlyStringProperty jsonProperty() {
    return json.getReadOnlyProperty();
  }

  /** Text searched for, ignoring case. */
  public StringProperty searchProperty() {
    return search;
  }

  public ReadOnlyIntegerProperty matchCountProperty() {
    return matchCount.getReadOnlyProperty();
  }

  /** The character offset of the current match, or -1. */
  public ReadOnlyIntegerProperty currentMatchProperty() {
    return currentMatch.getReadOnlyProperty();
  }

  public void nextMatch() {
    if (matches.isEmpty()) return;
    var index = matches.indexOf(currentMatch.get());
    currentMatch.set(matches.get((index + 1) % matches.size()));
  }

  private void findMatches() {
    var needle = search.get() == null ? "" : search.get().toLowerCase(Locale.ROOT);
    var found = new ArrayList<Integer>();
    if (!needle.isEmpty()) {
      var haystack = json.get().toLowerCase(Locale.ROOT);
      for (int at = haystack.indexOf(needle);
          at >= 0;
          at = haystack.indexOf(needle, at + needle.length())) found.add(at);
    }
    matches = List.copyOf(found);
    matchCount.set(matches.size());
    currentMatch.set(matches.isEmpty() ? -1 : matches.getFirst());
  }
}
