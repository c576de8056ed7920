package dev.drover.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** File work every driver's delete() shares. */
public final class VmFiles {

  private VmFiles() {}

  /** Removes {@code folder} and everything in it; nothing when it does not exist. */
  public static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) return;
    try (var paths = Files.walk(folder)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }
}
