package dev.drover.kube.k3s;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Cache writes that leave either the old file or the complete new one, never a partial file. */
final class FilesAtomically {

  private FilesAtomically() {}

  static void write(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    var temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
    try {
      try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        var buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(true);
      }
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
