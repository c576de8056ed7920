package dev.drover.app;

import java.nio.channels.spi.SelectorProvider;
import java.util.Locale;
import java.util.Optional;

/**
 * Names the JDK's own selector provider for this OS before anything opens a channel. Without it,
 * the first channel (the single-instance socket, the first thing a launch opens) makes the JDK look
 * for another provider in every jar on the class path: Drover ships over a hundred and none has
 * one, and opening them all cost a launch 40–90 ms of its 150–230 ms hand-over to a running Drover.
 *
 * <p>Only a provider class the JDK has is named (a wrong name would break every channel); a
 * provider the user chose with {@value #PROPERTY} stays.
 */
final class PlatformSelectorProvider {

  static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";

  private PlatformSelectorProvider() {}

  static void preferOverServiceLookup() {
    if (System.getProperty(PROPERTY) != null) return;
    forOs(System.getProperty("os.name", ""))
        .filter(PlatformSelectorProvider::jdkHas)
        .ifPresent(provider -> System.setProperty(PROPERTY, provider));
  }

  /** The class the JDK itself picks on {@code osName} when no provider is named or found. */
  static Optional<String> forOs(String osName) {
    var os = osName.toLowerCase(Locale.ROOT);
    if (os.contains("linux")) return Optional.of("sun.nio.ch.EPollSelectorProvider");
    if (os.contains("mac") || os.contains("darwin"))
      return Optional.of("sun.nio.ch.KQueueSelectorProvider");
    if (os.contains("windows")) return Optional.of("sun.nio.ch.WEPollSelectorProvider");
    return Optional.empty();
  }

  /**
   * Whether the JDK has {@code className} as a selector provider it can make, as it makes a named
   * one.
   */
  static boolean jdkHas(String className) {
    try {
      // Not initialised: the JDK does that itself when it makes the provider.
      var type = Class.forName(className, false, null);
      type.getConstructor();
      return SelectorProvider.class.isAssignableFrom(type);
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }
}
