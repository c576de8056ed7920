package dev.drover.engine.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VolumeFilesTest {

  @Test
  void archiveNamesBecomePathsInsideTheVolume() {
    assertThat(VolumeFiles.relative("./")).isEmpty();
    assertThat(VolumeFiles.relative("./dir/")).isEqualTo("dir");
    assertThat(VolumeFiles.relative("./dir/a.txt")).isEqualTo("dir/a.txt");
    assertThat(VolumeFiles.relative("drover-volume/dir/a.txt")).isEqualTo("dir/a.txt");
    assertThat(VolumeFiles.relative("drover-volume")).isEmpty();
  }
}
