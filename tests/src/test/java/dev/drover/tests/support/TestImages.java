package dev.drover.tests.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Test images built here, since no public registry is reachable: a root file system holding
 * Debian's busybox-static and a link for each of its applets, loaded into the engine as a one-layer
 * image; and on it the {@link RealisticImage}s, configured like the popular server images.
 */
public final class TestImages {

  public static final String BUSYBOX = "drover-test/busybox:1";
  private static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");

  private static final Map<RealisticImage, ImageArchive> REALISTIC =
      new EnumMap<>(RealisticImage.class);

  private TestImages() {}

  /** Makes sure {@link #BUSYBOX} exists on the engine and returns its name. */
  public static synchronized String busybox(DockerClient docker)
      throws IOException, InterruptedException {
    var present = docker.listImagesCmd().withReferenceFilter(BUSYBOX).exec();
    if (!present.isEmpty()) return BUSYBOX;
    // docker-java's createImageCmd (import) sends its stream as JSON, so the image goes in as a
    // `docker save`
    // archive through loadImageCmd instead: one layer, a config naming it, a manifest tagging it.
    docker.loadImageCmd(new ByteArrayInputStream(busyboxArchive())).exec();
    return BUSYBOX;
  }

  /**
   * Makes sure the web server image ({@link RealisticImage#WEB_SERVER}) exists on the engine and
   * describes it.
   */
  public static RealisticImage webServer(DockerClient docker)
      throws IOException, InterruptedException {
    return ensure(docker, RealisticImage.WEB_SERVER);
  }

  /**
   * Makes sure the database image ({@link RealisticImage#DATABASE}) exists on the engine and
   * describes it.
   */
  public static RealisticImage database(DockerClient docker)
      throws IOException, InterruptedException {
    return ensure(docker, RealisticImage.DATABASE);
  }

  /**
   * Loads {@code image} unless the engine holds it already as this recipe makes it: the archive is
   * built once per run, and its id (the digest of its configuration) tells an image of an older
   * recipe under the same name apart.
   */
  private static synchronized RealisticImage ensure(DockerClient docker, RealisticImage image)
      throws IOException, InterruptedException {
    var archive = REALISTIC.get(image);
    if (archive == null) {
      archive = image.archive();
      REALISTIC.put(image, archive);
    }
    try {
      if (archive.id().equals(docker.inspectImageCmd(image.reference()).exec().getId()))
        return image;
    } catch (NotFoundException absent) {
      // Loaded below.
    }
    docker.loadImageCmd(new ByteArrayInputStream(archive.bytes())).exec();
    return image;
  }

  /**
   * {@link #BUSYBOX} as a {@code docker save} archive, for engines fed from a file ({@code ctr
   * images import}).
   */
  public static byte[] busyboxArchive() throws IOException, InterruptedException {
    if (!Files.isExecutable(BUSYBOX_BINARY)) {
      throw new IllegalStateException(
          "/bin/busybox is missing: install Debian's busybox-static (./run-tests.sh does)");
    }
    return savedImage(rootfsTar(Files.readAllBytes(BUSYBOX_BINARY), applets()), BUSYBOX);
  }

  private static byte[] savedImage(byte[] layer, String tag) throws IOException {
    var layerDigest = sha256(layer);
    var config =
        ("""
                {"architecture":"amd64","os":"linux","config":{"Cmd":["sh"],"Env":["PATH=/bin"]},\
                "rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"Drover test image"}]}\
                """)
            .formatted(layerDigest)
            .getBytes(StandardCharsets.UTF_8);
    var configName = sha256(config) + ".json";
    var manifest =
        """
                [{"Config":"%s","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]"""
            .formatted(configName, tag, layerDigest)
            .getBytes(StandardCharsets.UTF_8);
    var bytes = new ByteArrayOutputStream(layer.length + 8192);
    try (var tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      addFile(tar, layerDigest + "/layer.tar", layer);
      addFile(tar, configName, config);
      addFile(tar, "manifest.json", manifest);
    }
    return bytes.toByteArray();
  }

  private static void addFile(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    var entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0644);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> applets() throws IOException, InterruptedException {
    var process =
        new ProcessBuilder(BUSYBOX_BINARY.toString(), "--list").redirectErrorStream(true).start();
    var names =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .map(String::strip)
            .filter(n -> !n.isEmpty() && !n.equals("busybox"))
            .toList();
    if (process.waitFor() != 0 || names.isEmpty()) throw new IOException("busybox --list failed");
    return names;
  }

  private static byte[] rootfsTar(byte[] busybox, List<String> applets) throws IOException {
    var bytes = new ByteArrayOutputStream(busybox.length + 64 * 1024);
    try (var tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var dir : List.of("bin/", "tmp/", "etc/", "proc/", "sys/", "dev/", "data/")) {
        var entry = new TarArchiveEntry(dir);
        entry.setMode(dir.equals("tmp/") ? 01777 : 0755);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
      }
      var binary = new TarArchiveEntry("bin/busybox");
      binary.setMode(0755);
      binary.setSize(busybox.length);
      tar.putArchiveEntry(binary);
      tar.write(busybox);
      tar.closeArchiveEntry();
      for (var applet : applets) {
        var link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
      var passwd = "root:x:0:0:root:/:/bin/sh\n".getBytes(StandardCharsets.UTF_8);
      addFile(tar, "etc/passwd", passwd);
    }
    return bytes.toByteArray();
  }
}
