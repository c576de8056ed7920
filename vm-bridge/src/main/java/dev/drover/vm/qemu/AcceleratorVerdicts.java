package dev.drover.vm.qemu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accelerator probe's verdicts, kept until the host restarts. Booting a kernel under KVM to see
 * that it really runs takes up to the probe's timeout when {@code /dev/kvm} hangs (ten seconds), a
 * price every VM start would pay again although the answer cannot change while the host runs the
 * same kernel, QEMU and device. A verdict is keyed on the host's boot id ({@code
 * /proc/sys/kernel/random/boot_id}) and on the identity (size, modification time, file key, device
 * number) of the files the probe used: a reboot, an updated QEMU or guest kernel, or a re-created
 * {@code /dev/kvm} probes again. Where the host has no boot id (macOS, Windows) nothing is kept and
 * every start probes.
 *
 * <p>The file is a cache: deleting it only means the next start probes again. A file that cannot be
 * read is treated as absent, and one that cannot be written is reported in the log, never to the
 * start.
 */
public final class AcceleratorVerdicts {

  /** The file's name in the cache folder. */
  public static final String FILE_NAME = "accelerator-verdicts.json";

  /** Where Linux says which boot this is: a new random id at every start of the kernel. */
  public static final Path LINUX_BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

  private static final Logger LOG = LoggerFactory.getLogger(AcceleratorVerdicts.class);

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** What the file holds: the boot its verdicts belong to, and each verdict by its key. */
  record Stored(String bootId, Map<String, Verdict> verdicts) {}

  record Verdict(Accelerator accelerator, String explanation) {}

  private final Path file;
  private final Path bootIdFile;

  /**
   * @param file the verdicts file (created when the first verdict is kept)
   * @param bootIdFile the file naming the host's current boot ({@link #LINUX_BOOT_ID} on Linux)
   */
  public AcceleratorVerdicts(Path file, Path bootIdFile) {
    this.file = file;
    this.bootIdFile = bootIdFile;
  }

  /** The verdicts in {@link #FILE_NAME} in the user's cache folder, keyed on Linux's boot id. */
  public static AcceleratorVerdicts inCacheFolder(Path cacheFolder) {
    return new AcceleratorVerdicts(cacheFolder.resolve(FILE_NAME), LINUX_BOOT_ID);
  }

  public Path file() {
    return file;
  }

  /**
   * The verdict kept for this boot, {@code probe} and the current state of the files in {@code
   * identifiedBy}; else {@code probe}'s, kept for the next start unless the probe was interrupted
   * (an interrupted probe proves nothing).
   *
   * @param probe names what is probed (accelerator, machine), part of the key
   * @param identifiedBy the files whose change makes a kept verdict stale (QEMU, the kernel, the
   *     device); a missing one counts as "absent"
   */
  public AcceleratorProbe.Result verdict(
      String probe, List<Path> identifiedBy, Supplier<AcceleratorProbe.Result> probing) {
    var bootId = bootId();
    if (bootId.isEmpty()) return probing.get();
    var key = key(probe, identifiedBy);
    var stored = read().filter(s -> bootId.get().equals(s.bootId()));
    var kept = stored.map(s -> s.verdicts().get(key));
    if (kept.isPresent()) {
      var verdict = kept.get();
      return new AcceleratorProbe.Result(
          verdict.accelerator(),
          verdict.explanation()
              + " (found by the first probe since the host started, kept in "
              + file
              + ")");
    }
    var result = probing.get();
    if (Thread.currentThread().isInterrupted()) return result;
    var verdicts =
        new LinkedHashMap<String, Verdict>(stored.map(Stored::verdicts).orElse(Map.of()));
    verdicts.put(key, new Verdict(result.accelerator(), result.explanation()));
    try {
      write(new Stored(bootId.get(), verdicts));
    } catch (IOException e) {
      LOG.warn("could not keep the accelerator verdict in {}: {}", file, e.toString());
    }
    return result;
  }

  private Optional<String> bootId() {
    try {
      var id = Files.readString(bootIdFile, StandardCharsets.US_ASCII).strip();
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (IOException | UnsupportedOperationException noBootId) {
      return Optional.empty();
    }
  }

  static String key(String probe, List<Path> identifiedBy) {
    var key = new StringBuilder(probe);
    for (var path : identifiedBy) key.append("; ").append(identity(path));
    return key.toString();
  }

  /** What changes when the file is replaced, updated or re-created. */
  private static String identity(Path path) {
    var absolute = path.toAbsolutePath();
    try {
      var basic = Files.readAttributes(absolute, BasicFileAttributes.class);
      var identity =
          absolute
              + " size "
              + basic.size()
              + " modified "
              + basic.lastModifiedTime().toMillis()
              + " key "
              + basic.fileKey();
      try {
        identity += " device " + Files.getAttribute(absolute, "unix:rdev");
      } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
        // the file key and times above must do
      }
      return identity;
    } catch (IOException absent) {
      return absolute + " absent";
    }
  }

  private Optional<Stored> read() {
    try {
      var stored = JSON.readValue(Files.readAllBytes(file), Stored.class);
      return stored.bootId() == null || stored.verdicts() == null
          ? Optional.empty()
          : Optional.of(stored);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException unreadable) {
      LOG.info(
          "ignoring the unreadable accelerator verdicts in {}: {}", file, unreadable.toString());
      return Optional.empty();
    }
  }

  // Written beside and moved over the old file, so a start at the same moment reads the old
  // verdicts
  // or the new ones, never half a file.
  private void write(Stored stored) throws IOException {
    Files.createDirectories(file.getParent());
    var temporary = Files.createTempFile(file.getParent(), "accelerator-verdicts", ".tmp");
    try {
      Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(stored));
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
}
