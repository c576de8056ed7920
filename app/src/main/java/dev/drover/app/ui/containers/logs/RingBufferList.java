package dev.drover.app.ui.containers.logs;

import java.util.Collection;
import java.util.Objects;
import javafx.collections.ModifiableObservableListBase;

/**
 * An observable list over a ring buffer, for a log that drops its oldest lines as new ones arrive:
 * removing from the front costs O(1) a line where an ArrayList-backed observable list shifts every
 * remaining line, and the change it reports is "k removed at the front, k added at the end", so a
 * list view re-renders only what moved instead of every line.
 */
final class RingBufferList<E> extends ModifiableObservableListBase<E> {

  private Object[] items = new Object[16];
  private int head;
  private int size;

  @Override
  @SuppressWarnings("unchecked")
  public E get(int index) {
    Objects.checkIndex(index, size);
    return (E) items[(head + index) % items.length];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  protected void doAdd(int index, E element) {
    Objects.checkIndex(index, size + 1);
    if (size == items.length) grow();
    if (index == size) {
      items[(head + size) % items.length] = element;
    } else if (index == 0) {
      head = (head - 1 + items.length) % items.length;
      items[head] = element;
    } else {
      for (int i = size; i > index; i--)
        items[(head + i) % items.length] = items[(head + i - 1) % items.length];
      items[(head + index) % items.length] = element;
    }
    size++;
  }

  @Override
  protected E doSet(int index, E element) {
    var old = get(index);
    items[(head + index) % items.length] = element;
    return old;
  }

  @Override
  protected E doRemove(int index) {
    var old = get(index);
    if (index == 0) {
      items[head] = null;
      head = (head + 1) % items.length;
    } else {
      for (int i = index; i < size - 1; i++)
        items[(head + i) % items.length] = items[(head + i + 1) % items.length];
      items[(head + size - 1) % items.length] = null;
    }
    size--;
    return old;
  }

  /**
   * Drops the {@code oldest} first elements and appends {@code added}, reported as one change with
   * both parts: a list view reacts once (it re-measures its items on every change it hears of), not
   * once for each.
   */
  void dropOldestAndAddAll(int oldest, Collection<? extends E> added) {
    beginChange();
    try {
      if (oldest > 0) remove(0, oldest);
      addAll(added);
    } finally {
      endChange();
    }
  }

  private void grow() {
    var bigger = new Object[items.length * 2];
    for (int i = 0; i < size; i++) bigger[i] = items[(head + i) % items.length];
    items = bigger;
    head = 0;
  }
}
