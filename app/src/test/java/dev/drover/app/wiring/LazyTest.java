package dev.drover.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {

  @Test
  void theValueIsMadeOnFirstUseAndOnlyOnce() {
    var makes = new AtomicInteger();
    var lazy = Lazy.of(() -> "made " + makes.incrementAndGet());

    assertThat(makes).hasValue(0);
    assertThat(lazy.get()).isEqualTo("made 1");
    assertThat(lazy.get()).isEqualTo("made 1");
    assertThat(makes).hasValue(1);
  }

  @Test
  void madeTellsWithoutMaking() {
    var lazy = Lazy.of(() -> "value");

    assertThat(lazy.made()).isEmpty();
    lazy.get();
    assertThat(lazy.made()).contains("value");
  }
}
