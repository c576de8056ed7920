package dev.drover.icons;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DroverIconsTest {

  @Test
  void theBuildPutEveryIconOnTheClassPath() {
    assertThat(DroverIcons.allResourceNames())
        .allSatisfy(name -> assertThat(DroverIcons.class.getResource(name)).as(name).isNotNull());
    assertThat(DroverIcons.window()).hasSize(DroverIcons.WINDOW_SIZES.size());
  }

  @Test
  void trayPicksTheSmallestVariantThatFillsTheSlot() {
    assertThat(DroverIcons.bestTraySize(16)).isEqualTo(16);
    assertThat(DroverIcons.bestTraySize(20)).isEqualTo(22);
    assertThat(DroverIcons.bestTraySize(24)).isEqualTo(24);
    assertThat(DroverIcons.bestTraySize(500)).isEqualTo(64);
    assertThat(DroverIcons.tray(IconState.ERROR, 24).getPath()).endsWith("tray-error-24.png");
  }
}
