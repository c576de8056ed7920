package dev.drover.app.settings;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Settings} as a JSON file.
 *
 * <p>Loading never fails: the app must start even when the file is damaged, so problems are
 * returned as a message for the UI, and a damaged file is moved aside rather than deleted so the
 * user can recover hand-made edits. Saving replaces the file atomically so that a crash or power
 * cut mid-save leaves either the old or the new settings, never a truncated file.
 *
 * <p>Thread-safe: saves run on background threads while the UI may load.
 */
public final class SettingsStore {

  private static final DateTimeFormatter CORRUPT_SUFFIX_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private static final int MAX_DETAIL_LENGTH = 160;

  /**
   * The outcome of {@link #load()}: settings to use, and a message to show the user if any (a
   * damaged file, or the values of the file that could not be used, each reset to its default).
   */
  public record LoadResult(Settings settings, Optional<String> problem) {
    public LoadResult {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(problem, "problem");
    }
  }

  /** Settings could not be saved; the message is meant for the user. */
  public static final class SettingsException extends RuntimeException {
    public SettingsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Path file;
  private final Clock clock;

  public SettingsStore(Path file) {
    this(file, Clock.systemDefaultZone());
  }

  // The clock names moved-aside files; tests pin it to assert the exact name.
  SettingsStore(Path file, Clock clock) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Path file() {
    return file;
  }

  public synchronized LoadResult load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new LoadResult(Settings.defaults(), Optional.empty());
    } catch (IOException e) {
      return recoverFromBadFile("could not be read (" + describe(e) + ")", e);
    }
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      // Typically a crash of an editor or of a pre-atomic-save version mid-write.
      return recoverFromBadFile("was damaged (it is empty)", null);
    }
    SettingsJson.Read read;
    try {
      read = SettingsJson.read(bytes);
    } catch (IOException e) {
      return recoverFromBadFile("was damaged (" + describe(e) + ")", e);
    }
    if (read == null) {
      // The file held a bare JSON null, which Jackson accepts without complaint.
      return recoverFromBadFile("was damaged (it contains no settings)", null);
    }
    if (read.invalid().isEmpty()) return new LoadResult(read.settings(), Optional.empty());
    return recoverFromInvalidValues(read);
  }

  public synchronized void save(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    byte[] json;
    try {
      json = SettingsJson.write(settings);
    } catch (IOException e) {
      throw new IllegalStateException("Settings could not be converted to JSON", e);
    }
    Path target = writeTarget();
    Path folder = target.getParent();
    try {
      createFolder(folder);
    } catch (IOException e) {
      throw new SettingsException(
          "Your settings could not be saved because the folder "
              + folder
              + " could not be created ("
              + describe(e)
              + ")."
              + " Check that you can write to it.",
          e);
    }
    Path temp = null;
    try {
      temp =
          Files.createTempFile(
              folder, "." + target.getFileName() + ".", ".tmp", userOnlyFile(folder));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(json);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        // Without this the rename can reach the disk before the data does, and a crash
        // then leaves an empty settings file behind the atomic move.
        channel.force(true);
      }
      moveIntoPlace(temp, target);
      temp = null;
      syncFolder(folder);
    } catch (IOException e) {
      throw new SettingsException(
          "Your settings could not be saved to "
              + target
              + " ("
              + describe(e)
              + ")."
              + " Check that the disk is not full and that you can write to "
              + folder
              + ".",
          e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          log().warn("Could not remove temporary settings file {}", temp, e);
        }
      }
    }
  }

  private LoadResult recoverFromBadFile(String whatHappened, Exception cause) {
    log().warn("Settings file {} {}", file, whatHappened, cause);
    Path keptAs;
    try {
      keptAs = moveAside();
    } catch (IOException e) {
      log().warn("Could not move damaged settings file {} aside", file, e);
      // Leave the original where it is: writing defaults over it would lose the user's data.
      return new LoadResult(
          Settings.defaults(),
          Optional.of(
              "Your settings file "
                  + file
                  + " "
                  + whatHappened
                  + " and could not be moved aside ("
                  + describe(e)
                  + ");"
                  + " defaults are in use for now. Check the file's permissions or remove it."));
    }
    String message =
        "Your settings file "
            + whatHappened
            + "; it was kept as "
            + keptAs
            + " and defaults are in use.";
    try {
      save(Settings.defaults());
    } catch (SettingsException e) {
      log().warn("Could not write default settings to {}", file, e);
      message += " " + e.getMessage();
    }
    return new LoadResult(Settings.defaults(), Optional.of(message));
  }

  /**
   * Values the file holds that cannot be used were reset one by one; the user is told which and
   * why. The file as it was is copied aside first, then the settings in use are saved over it, so
   * the hand-made values are not lost and the same notice does not come back at every start.
   */
  private LoadResult recoverFromInvalidValues(SettingsJson.Read read) {
    var which =
        read.invalid().stream().map(InvalidSetting::describe).collect(Collectors.joining("; "));
    var valuesWere =
        read.invalid().size() == 1
            ? "A value in your settings file was invalid and was reset: "
            : read.invalid().size() + " values in your settings file were invalid and were reset: ";
    Path keptAs;
    try {
      keptAs = keepAside(".invalid-", false);
    } catch (IOException e) {
      log().warn("Could not copy settings file {} aside", file, e);
      return new LoadResult(
          read.settings(),
          Optional.of(
              valuesWere
                  + which
                  + ". The file "
                  + file
                  + " is left as it is (a copy could not be made: "
                  + describe(e)
                  + ")."));
    }
    var message = valuesWere + which + ". The file as it was is kept as " + keptAs + ".";
    try {
      save(read.settings());
    } catch (SettingsException e) {
      log().warn("Could not write the corrected settings to {}", file, e);
      message += " " + e.getMessage();
    }
    return new LoadResult(read.settings(), Optional.of(message));
  }

  private Path moveAside() throws IOException {
    return keepAside(".corrupt-", true);
  }

  private Path keepAside(String suffix, boolean move) throws IOException {
    String base =
        file.getFileName() + suffix + LocalDateTime.now(clock).format(CORRUPT_SUFFIX_FORMAT);
    for (int attempt = 1; ; attempt++) {
      Path candidate = file.resolveSibling(attempt == 1 ? base : base + "-" + attempt);
      try {
        // No ATOMIC_MOVE: on POSIX it maps to rename(2), which would silently replace an
        // earlier damaged copy made within the same second.
        return move
            ? Files.move(file, candidate)
            : Files.copy(file, candidate, StandardCopyOption.COPY_ATTRIBUTES);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  // Dotfile managers commonly symlink settings files; replacing the link with a plain file
  // would silently detach the user's managed copy.
  private Path writeTarget() {
    if (Files.isSymbolicLink(file)) {
      try {
        return file.toRealPath();
      } catch (IOException e) {
        log().warn("Settings file {} is a dangling link; replacing the link itself", file, e);
      }
    }
    return file;
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Some network and FUSE file systems lack atomic rename; a plain replace is still
      // better than failing to save at all.
      log().warn("Atomic move not supported for {}; replacing non-atomically", target, e);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  // Folders we create hold only the user's own data; existing folders are left alone because
  // DROVER_CONFIG_HOME may point somewhere shared whose permissions are not ours to change.
  private static void createFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (isPosix(folder)) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  // Set at creation, not afterwards, so the file is never readable by others even briefly.
  private static FileAttribute<?>[] userOnlyFile(Path folder) {
    if (isPosix(folder)) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new FileAttribute<?>[0];
  }

  // Makes the rename itself durable. Only POSIX allows opening a directory for this, and a
  // failure here only weakens durability, so it is best effort.
  private static void syncFolder(Path folder) {
    if (!isPosix(folder)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      log().debug("Could not sync folder {}", folder, e);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static String describe(IOException e) {
    if (e instanceof JacksonException jackson) {
      String detail = firstLine(jackson.getOriginalMessage());
      JsonLocation location = jackson.getLocation();
      if (location != null && location.getLineNr() > 0) {
        detail += " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      }
      return detail;
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder: " + e.getMessage();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : firstLine(message);
  }

  private static String firstLine(String text) {
    if (text == null || text.isBlank()) {
      return "unknown error";
    }
    String line = text.strip().lines().findFirst().orElse("").strip();
    return line.length() <= MAX_DETAIL_LENGTH ? line : line.substring(0, MAX_DETAIL_LENGTH) + "…";
  }

  // Looked up when needed: settings load before the first frame, logging need not.
  private static Logger log() {
    return LoggerFactory.getLogger(SettingsStore.class);
  }
}
