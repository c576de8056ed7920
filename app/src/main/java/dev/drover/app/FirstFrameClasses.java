package dev.drover.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads and links, on a thread of its own, the JavaFX, AtlantaFX and Ikonli classes the first frame
 * needs, while the toolkit starts and the FX thread builds the window: the FX thread then finds
 * them ready instead of reading and verifying some 1,600 classes itself. Nothing is initialized
 * here (no static initializer runs, so no class sees the toolkit early); a name the libraries no
 * longer have is skipped.
 *
 * <p>The list, {@code first-frame-classes.txt}, is made by {@code dev/first-frame-classes.sh} from
 * a start of the app; make it again after upgrading JavaFX, AtlantaFX or Ikonli. With a CDS archive
 * or an AOT cache these classes come ready from the archive and this costs next to nothing.
 */
final class FirstFrameClasses {

  static final String LIST = "first-frame-classes.txt";

  private FirstFrameClasses() {}

  /** Starts loading the listed classes on a daemon thread; returns at once. */
  static void preloadInBackground() {
    Thread.ofPlatform().name("first-frame-classes").daemon().start(FirstFrameClasses::preload);
  }

  static List<String> names() {
    try (InputStream in = FirstFrameClasses.class.getResourceAsStream(LIST)) {
      if (in == null) return List.of();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      return List.of(); // only a head start: without it the FX thread loads them as before
    }
  }

  private static void preload() {
    var loader = FirstFrameClasses.class.getClassLoader();
    for (var name : names()) {
      try {
        // Reflecting on the fields links (verifies) the class without initializing it.
        Class.forName(name, false, loader).getDeclaredFields();
      } catch (ClassNotFoundException | LinkageError e) {
        // a class the libraries no longer have, or one that fails where the FX thread would report
        // it
      }
    }
  }
}
