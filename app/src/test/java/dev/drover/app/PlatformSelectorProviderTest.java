package dev.drover.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.Test;

class PlatformSelectorProviderTest {

  @Test
  void theProviderNamedForThisOsIsTheOneTheJdkPicksItself() {
    // This test JVM names none, and no jar on the test class path offers one: the JDK falls back to
    // its own.
    assertThat(System.getProperty(PlatformSelectorProvider.PROPERTY)).isNull();
    var named = PlatformSelectorProvider.forOs(System.getProperty("os.name"));

    assertThat(named).contains(SelectorProvider.provider().getClass().getName());
    assertThat(PlatformSelectorProvider.jdkHas(named.orElseThrow())).isTrue();
  }

  @Test
  void eachDesktopOsHasItsProviderNamed() {
    assertThat(PlatformSelectorProvider.forOs("Linux"))
        .contains("sun.nio.ch.EPollSelectorProvider");
    assertThat(PlatformSelectorProvider.forOs("Mac OS X"))
        .contains("sun.nio.ch.KQueueSelectorProvider");
    assertThat(PlatformSelectorProvider.forOs("Windows 11"))
        .contains("sun.nio.ch.WEPollSelectorProvider");
    assertThat(PlatformSelectorProvider.forOs("FreeBSD")).isEmpty();
  }

  @Test
  void aClassThatIsNoProviderOrIsMissingIsNeverNamed() {
    assertThat(PlatformSelectorProvider.jdkHas("java.lang.String")).isFalse();
    assertThat(PlatformSelectorProvider.jdkHas("sun.nio.ch.NoSuchSelectorProvider")).isFalse();
  }
}
