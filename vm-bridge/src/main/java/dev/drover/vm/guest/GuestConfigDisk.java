package dev.drover.vm.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The guest's settings on a small raw disk, for a hypervisor without QEMU's fw_cfg (Hyperkit): the
 * same named files fw_cfg carries as {@code opt/drover/<name>} (TLS material, engine, proxy, extra
 * CA certificates, shares), as a POSIX tar archive written straight onto the disk image. A tar
 * needs no file system, so the host writes it without root, and the guest's busybox reads it from
 * the block device ({@code tar -x -f /dev/vdb}); its members sit under {@value #FOLDER}/, which is
 * how the guest's init tells the disk from any other.
 *
 * <p>The image holds the server's private key: it is written user-only, and replaced whole.
 */
public final class GuestConfigDisk {

  /** The folder in the archive holding one file per setting. */
  public static final String FOLDER = "drover-config";

  private final SequencedMap<String, byte[]> files = new LinkedHashMap<>();

  /** Adds the setting {@code name} (a plain file name, as fw_cfg's opt/drover/name). */
  public GuestConfigDisk add(String name, byte[] content) {
    if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
      throw new IllegalArgumentException("not a plain setting name: \"" + name + "\"");
    }
    files.put(name, content.clone());
    return this;
  }

  public GuestConfigDisk add(String name, String content) {
    return add(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds the file's content as the setting {@code name}. */
  public GuestConfigDisk addFile(String name, Path file) throws IOException {
    return add(name, Files.readAllBytes(file));
  }

  /** The settings, in the order added. */
  public Map<String, byte[]> files() {
    return Collections.unmodifiableSequencedMap(files);
  }

  /**
   * Writes the disk image: a tar archive padded to whole 512-byte sectors (tar's 10 KiB records),
   * user-only, replacing {@code image} at once.
   */
  public void write(Path image) throws IOException {
    var temp = image.resolveSibling(image.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    if (image.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(temp);
    }
    try (var tar = new TarArchiveOutputStream(Files.newOutputStream(temp))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      var folder = new TarArchiveEntry(FOLDER + "/");
      folder.setMode(0700);
      tar.putArchiveEntry(folder);
      tar.closeArchiveEntry();
      for (var file : files.entrySet()) {
        var entry = new TarArchiveEntry(FOLDER + "/" + file.getKey());
        entry.setMode(0600);
        entry.setSize(file.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    Files.move(temp, image, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
