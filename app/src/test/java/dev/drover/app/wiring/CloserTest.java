package dev.drover.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {

  private final List<String> closed = new ArrayList<>();

  private AutoCloseable part(String name) {
    return () -> closed.add(name);
  }

  @Test
  void partsCloseNewestFirst() {
    var closer = new Closer();
    closer.register(part("engine"));
    closer.register(part("vm"));
    closer.register(part("tray"));

    closer.close();

    assertThat(closed).containsExactly("tray", "vm", "engine");
  }

  @Test
  void aPartThatFailsToCloseDoesNotKeepTheOthersOpen() {
    var closer = new Closer();
    closer.register(part("engine"));
    closer.register(
        () -> {
          throw new IllegalStateException("stuck");
        });
    closer.register(part("tray"));

    closer.close();

    assertThat(closed).containsExactly("tray", "engine");
  }

  @Test
  void aPartRegisteredAfterCloseIsClosedAtOnceAndCloseIsOnce() {
    var closer = new Closer();
    closer.register(part("engine"));
    closer.close();

    closer.register(part("late page"));
    closer.close();

    assertThat(closed).containsExactly("engine", "late page");
  }
}
