package dev.drover.tests.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer image as a {@code docker save} archive, which both dockerd and Podman load: the
 * layer, the image configuration naming it, and a manifest tagging it. Every entry has the same
 * fixed time, so one recipe always makes the same bytes and so the same image id, which tells
 * whether an engine already holds the image of this recipe.
 */
final class ImageArchive {

  /** The time every file and the image claim to be from. */
  static final Instant CREATED = Instant.parse("2024-06-01T12:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte[] archive;
  private final String id;

  private ImageArchive(byte[] archive, String id) {
    this.archive = archive;
    this.id = id;
  }

  /**
   * @param config the image's {@code config} section (Env, Cmd, ExposedPorts…)
   * @param history the image's history, newest last; exactly one entry without {@code empty_layer}
   *     (the layer)
   */
  static ImageArchive of(String tag, Layer layer, ObjectNode config, List<ObjectNode> history) {
    var layerBytes = layer.bytes();
    var layerDigest = sha256(layerBytes);
    var image =
        JSON.createObjectNode()
            .put("architecture", "amd64")
            .put("os", "linux")
            .put("created", CREATED.toString());
    image.set("config", config);
    var rootfs = image.putObject("rootfs").put("type", "layers");
    rootfs.putArray("diff_ids").add("sha256:" + layerDigest);
    image.putArray("history").addAll(history);
    var configBytes = write(image);
    var configDigest = sha256(configBytes);
    var manifest = JSON.createArrayNode();
    var entry = manifest.addObject().put("Config", configDigest + ".json");
    entry.putArray("RepoTags").add(tag);
    entry.putArray("Layers").add(layerDigest + "/layer.tar");

    var bytes = new ByteArrayOutputStream(layerBytes.length + 8192);
    try (var tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      put(tar, layerDigest + "/layer.tar", layerBytes);
      put(tar, configDigest + ".json", configBytes);
      put(tar, "manifest.json", write(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ImageArchive(bytes.toByteArray(), "sha256:" + configDigest);
  }

  /** The archive, for {@code docker load}. */
  byte[] bytes() {
    return archive.clone();
  }

  /** The id engines give the image: the digest of its configuration. */
  String id() {
    return id;
  }

  /** One history entry, as {@code docker history} shows a Dockerfile line. */
  static ObjectNode step(String createdBy, boolean emptyLayer) {
    var step =
        JSON.createObjectNode().put("created", CREATED.toString()).put("created_by", createdBy);
    if (emptyLayer) step.put("empty_layer", true);
    return step;
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static byte[] write(Object node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    var entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0644);
    entry.setModTime(CREATED.toEpochMilli());
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

  /**
   * A root file system as a layer tar, entry by entry, each with its owner and mode as an image
   * sets them.
   */
  static final class Layer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 * 1024 * 1024);
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    Layer() {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Layer directory(String path, int mode, int owner) {
      var entry = new TarArchiveEntry(path.endsWith("/") ? path : path + "/");
      return add(entry, mode, owner, null);
    }

    Layer file(String path, int mode, int owner, byte[] content) {
      var entry = new TarArchiveEntry(path);
      entry.setSize(content.length);
      return add(entry, mode, owner, content);
    }

    Layer text(String path, int mode, int owner, String content) {
      return file(path, mode, owner, content.getBytes(StandardCharsets.UTF_8));
    }

    Layer symlink(String path, String target) {
      var entry = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
      entry.setLinkName(target);
      return add(entry, 0777, 0, null);
    }

    private Layer add(TarArchiveEntry entry, int mode, int owner, byte[] content) {
      entry.setMode(mode);
      entry.setIds(owner, owner);
      entry.setModTime(CREATED.toEpochMilli());
      try {
        tar.putArchiveEntry(entry);
        if (content != null) tar.write(content);
        tar.closeArchiveEntry();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    byte[] bytes() {
      try {
        tar.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }
}
