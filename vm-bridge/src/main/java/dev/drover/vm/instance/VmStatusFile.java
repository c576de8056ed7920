package dev.drover.vm.instance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The VM's last status, as its owner reported it, in {@code status.json}. Written to a temporary
 * file in the same folder and moved over the old one, so a reader sees the old or the new status,
 * never half of one.
 */
public final class VmStatusFile {

  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path file;

  public VmStatusFile(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public void write(VmStatusSnapshot snapshot) throws IOException {
    Files.createDirectories(file.getParent());
    var temporary = Files.createTempFile(file.getParent(), "status", ".tmp");
    try {
      Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(snapshot));
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The last status written, or empty when none was (or the file cannot be read as one). */
  public Optional<VmStatusSnapshot> read() {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file), VmStatusSnapshot.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
