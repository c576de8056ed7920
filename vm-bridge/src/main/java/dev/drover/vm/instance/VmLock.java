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
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one-owner lock of a VM: an OS file lock on {@code owner.lock}, so it is released by the OS when the owner
 * dies however it dies (no stale lock to clean up). The file's text is the owner's pid, for messages such as
 * "already running (pid 4242)". The lock covers a byte far past the pid, so other processes can read the pid
 * even where locks are mandatory (Windows).
 */
public final class VmLock implements AutoCloseable {

    private static final long LOCKED_BYTE = 1L << 30;

    private final FileChannel channel;
    private final FileLock lock;
    private final long pid;

    private VmLock(FileChannel channel, FileLock lock, long pid) {
        this.channel = channel;
        this.lock = lock;
        this.pid = pid;
    }

    /** Takes the lock for this process, or empty when another process (or another caller here) holds it. */
    public static Optional<VmLock> tryAcquire(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        var channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
        return Optional.of(new VmLock(channel, lock, pid));
    }

    /** Whether some process holds the lock now. */
    public static boolean isHeld(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) return false;
        var probe = tryAcquire(lockFile);
        probe.ifPresent(VmLock::close);
        return probe.isEmpty();
    }

    /** The pid written by the last owner; meaningful while {@link #isHeld} says the lock is held. */
    public static OptionalLong ownerPid(Path lockFile) {
        try {
            var text = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public long pid() {
        return pid;
    }

    @Override
    public void close() {
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
    }
}
