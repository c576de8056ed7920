package dev.drover.app.ui.containers.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogsTuningTest {

  @Test
  void defaultsPaceTheLogForAPersonReading() {
    var tuning = LogsTuning.defaults();

    assertThat(tuning.maxLines()).isEqualTo(100_000);
    assertThat(tuning.floodFrame()).isEqualTo(Duration.ofMillis(50));
    assertThat(tuning.lineHandoverGap()).isEqualTo(Duration.ofMillis(16));
    assertThat(tuning.pauseAbove()).isEqualTo(50_000);
  }

  @Test
  void aWitherChangesOnlyItsOwnValue() {
    var defaults = LogsTuning.defaults();

    var tuning = defaults.withMaxLines(500);

    assertThat(tuning.maxLines()).isEqualTo(500);
    assertThat(tuning.withMaxLines(defaults.maxLines())).isEqualTo(defaults);
  }

  @Test
  void aBufferWithoutRoomForALineIsRefused() {
    assertThatThrownBy(() -> LogsTuning.defaults().withMaxLines(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the log buffer needs room for a line, was 0");
  }

  @Test
  void aNegativeFloodFrameIsRefused() {
    assertThatThrownBy(() -> LogsTuning.defaults().withFloodFrame(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flood frame cannot be negative");
  }
}
