package dev.drover.app.ui.containers.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

class RingBufferListTest {

  @Test
  void behavesLikeAListThroughWrapAndGrowth() {
    var ring = new RingBufferList<Integer>();
    var reference = new ArrayList<Integer>();
    for (int round = 0; round < 50; round++) {
      var batch = IntStream.range(round * 7, round * 7 + 7).boxed().toList();
      ring.addAll(batch);
      reference.addAll(batch);
      int drop = Math.min(5, ring.size());
      ring.remove(0, drop);
      reference.subList(0, drop).clear();
      assertThat(ring).containsExactlyElementsOf(reference);
    }
    ring.add(3, -1);
    reference.add(3, -1);
    ring.remove(5);
    reference.remove(5);
    ring.set(0, 42);
    reference.set(0, 42);
    ring.add(0, -2);
    reference.add(0, -2);
    assertThat(ring).containsExactlyElementsOf(reference);
  }

  @Test
  void droppingTheOldestReportsOneRemovalAtTheFront() {
    var ring = new RingBufferList<Integer>();
    ring.addAll(IntStream.range(0, 100_000).boxed().toList());
    var changes = new ArrayList<String>();
    ring.addListener(
        (ListChangeListener<Integer>)
            c -> {
              while (c.next())
                changes.add(
                    c.getFrom()
                        + (c.wasRemoved()
                            ? " removed " + c.getRemovedSize()
                            : " added " + c.getAddedSize()));
            });

    ring.remove(0, 10_000);
    ring.addAll(IntStream.range(100_000, 110_000).boxed().toList());

    assertThat(changes).containsExactly("0 removed 10000", "90000 added 10000");
    assertThat(ring.getFirst()).isEqualTo(10_000);
    assertThat(ring.getLast()).isEqualTo(109_999);
    assertThat(ring).hasSize(100_000);
    assertThat(List.copyOf(ring).subList(0, 3)).containsExactly(10_000, 10_001, 10_002);
  }

  @Test
  void droppingTheOldestWhileAddingIsOneChangeForListeners() {
    var ring = new RingBufferList<Integer>();
    ring.addAll(IntStream.range(0, 1_000).boxed().toList());
    var events = new ArrayList<List<String>>();
    ring.addListener(
        (ListChangeListener<Integer>)
            c -> {
              var parts = new ArrayList<String>();
              while (c.next())
                parts.add(
                    c.getFrom()
                        + (c.wasRemoved()
                            ? " removed " + c.getRemovedSize()
                            : " added " + c.getAddedSize()));
              events.add(parts);
            });

    ring.dropOldestAndAddAll(100, IntStream.range(1_000, 1_100).boxed().toList());

    assertThat(events).hasSize(1);
    assertThat(events.getFirst()).containsExactly("0 removed 100", "900 added 100");
    assertThat(ring).hasSize(1_000);
    assertThat(ring.getFirst()).isEqualTo(100);
    assertThat(ring.getLast()).isEqualTo(1_099);
  }
}
