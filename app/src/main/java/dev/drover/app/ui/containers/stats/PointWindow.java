package dev.drover.app.ui.containers.stats;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ObservableListBase;

/**
 * The newest points of a series, at most {@code capacity}, read-only to everyone but its view
 * model. Appending a batch is one list change (the oldest points removed, the new ones added), so a
 * chart follows it in one update.
 */
final class PointWindow extends ObservableListBase<StatsPoint> {

  private final int capacity;
  private final List<StatsPoint> points = new ArrayList<>();

  PointWindow(int capacity) {
    this.capacity = capacity;
  }

  void append(List<StatsPoint> batch) {
    if (batch.isEmpty()) return;
    var incoming =
        batch.size() > capacity ? batch.subList(batch.size() - capacity, batch.size()) : batch;
    int overflow = Math.max(0, points.size() + incoming.size() - capacity);
    beginChange();
    try {
      if (overflow > 0) {
        var dropped = new ArrayList<>(points.subList(0, overflow));
        points.subList(0, overflow).clear();
        nextRemove(0, dropped);
      }
      int from = points.size();
      points.addAll(incoming);
      nextAdd(from, points.size());
    } finally {
      endChange();
    }
  }

  void clearAll() {
    if (points.isEmpty()) return;
    beginChange();
    try {
      var dropped = new ArrayList<>(points);
      points.clear();
      nextRemove(0, dropped);
    } finally {
      endChange();
    }
  }

  @Override
  public StatsPoint get(int index) {
    return points.get(index);
  }

  @Override
  public int size() {
    return points.size();
  }
}
