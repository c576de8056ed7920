package dev.drover.engine.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.EngineException;
import org.junit.jupiter.api.Test;

class VolumeNamesTest {

  @Test
  void validNamesPassTrimmed() {
    assertThat(VolumeService.checkName(" pgdata ")).isEqualTo("pgdata");
    assertThat(VolumeService.checkName("my_app.cache-2")).isEqualTo("my_app.cache-2");
  }

  @Test
  void badNamesAreRefusedWithTheRule() {
    assertThatThrownBy(() -> VolumeService.checkName(""))
        .isInstanceOf(EngineException.class)
        .hasMessage("Enter a name for the volume.");
    assertThatThrownBy(() -> VolumeService.checkName("a"))
        .hasMessageContaining("at least two characters");
    assertThatThrownBy(() -> VolumeService.checkName("-data"))
        .hasMessageContaining("starting with a letter or digit");
    assertThatThrownBy(() -> VolumeService.checkName("my data"))
        .hasMessageContaining("not a valid volume name");
  }

  @Test
  void pruneAsksForAllVolumesOnlyFromApi142() {
    assertThat(VolumeService.apiAtLeast("1.41", 1, 42)).isFalse();
    assertThat(VolumeService.apiAtLeast("1.42", 1, 42)).isTrue();
    assertThat(VolumeService.apiAtLeast("1.47", 1, 42)).isTrue();
    assertThat(VolumeService.apiAtLeast(null, 1, 42)).isFalse();
  }
}
