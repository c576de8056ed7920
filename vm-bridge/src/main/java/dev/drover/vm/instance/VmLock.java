package dev.drover.vm.instance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-owner lock of a VM: an OS file lock on {@code owner.lock}, so it is released by the OS
 * when the owner dies however it dies (no stale lock to clean up). The file's text is the owner's
 * pid, for messages such as "already running (pid 4242)". The lock covers a byte far past the pid,
 * so other processes can read the pid even where locks are mandatory (Windows).
 *
 * <p>OS file locks belong to the process: closing any channel on the file may release every lock
 * this JVM holds on it. So this JVM never opens a second channel on a lock file it holds (see
 * {@link #HELD_HERE}).
 */
public final class VmLock implements AutoCloseable {

  private static final long LOCKED_BYTE = 1L << 30;

  /**
   * The lock files this JVM holds; mirrors the OS's per-process lock table, so it is JVM-wide by
   * nature.
   */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  /**
   * Serialises this JVM's channel work on lock files, so a probe never opens one while this JVM
   * holds it.
   */
  private static final Object CHANNELS = new Object();

  private final FileChannel channel;
  private final FileLock lock;
  private final long pid;

  private final Path file;

  private VmLock(Path file, FileChannel channel, FileLock lock, long pid) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.pid = pid;
  }

  /**
   * Takes the lock for this process, or empty when another process (or another caller here) holds
   * it.
   */
  public static Optional<VmLock> tryAcquire(Path lockFile) throws IOException {
    var key = lockFile.toAbsolutePath().normalize();
    synchronized (CHANNELS) {
      if (!HELD_HERE.add(key)) return Optional.empty();
      try {
        var taken = tryAcquireUnlisted(key);
        if (taken.isEmpty()) HELD_HERE.remove(key);
        return taken;
      } catch (IOException | RuntimeException e) {
        HELD_HERE.remove(key);
        throw e;
      }
    }
  }

  /**
   * Takes the lock, trying again for up to {@code patience}: another process may hold it for an
   * instant only (a {@code drover vm status} looking whether anyone owns the VM).
   */
  public static Optional<VmLock> acquire(Path lockFile, Duration patience) throws IOException {
    var deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      var taken = tryAcquire(lockFile);
      if (taken.isPresent() || System.nanoTime() > deadline) return taken;
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private static Optional<VmLock> tryAcquireUnlisted(Path lockFile) throws IOException {
    Files.createDirectories(lockFile.getParent());
    var channel =
        FileChannel.open(
            lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock(LOCKED_BYTE, 1, false);
    } catch (OverlappingFileLockException heldInThisProcess) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      return Optional.empty();
    }
    var pid = ProcessHandle.current().pid();
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    channel.force(false);
    return Optional.of(new VmLock(lockFile, channel, lock, pid));
  }

  /**
   * Whether some process holds the lock now. The probe takes a shared lock for an instant, so two
   * processes probing at once never take each other for an owner; an owner starting at that instant
   * tries again ({@link #acquire}).
   */
  public static boolean isHeld(Path lockFile) throws IOException {
    var key = lockFile.toAbsolutePath().normalize();
    synchronized (CHANNELS) {
      if (HELD_HERE.contains(key)) return true;
      if (!Files.exists(key)) return false;
      try (var channel = FileChannel.open(key, StandardOpenOption.READ)) {
        var shared = channel.tryLock(LOCKED_BYTE, 1, true);
        if (shared == null) return true;
        shared.release();
        return false;
      } catch (OverlappingFileLockException inThisJvm) {
        return true;
      }
    }
  }

  /** The pid written by the last owner; meaningful while {@link #isHeld} says the lock is held. */
  public static OptionalLong ownerPid(Path lockFile) {
    var key = lockFile.toAbsolutePath().normalize();
    synchronized (CHANNELS) {
      // Reading the file would open and close a second channel on it, which releases this JVM's own
      // lock.
      if (HELD_HERE.contains(key)) return OptionalLong.of(ProcessHandle.current().pid());
      try {
        var text = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
        return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
      } catch (IOException | NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
  }

  public long pid() {
    return pid;
  }

  @Override
  public void close() {
    synchronized (CHANNELS) {
      release();
    }
  }

  private void release() {
    if (!channel.isOpen()) return;
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
    HELD_HERE.remove(file);
  }
}
