package dev.drover.engine.volumes;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a volume's files without running anything: a helper container that mounts the volume
 * read-only is created but never started, the engine's archive API streams the files out of it, and
 * the container is removed again. Any local image serves for the helper, since its program never
 * runs.
 */
public final class VolumeFiles {

  /** Bytes of a file shown at most; a volume may hold gigabytes. */
  public static final int MAX_PREVIEW_BYTES = 64 * 1024;

  private static final String MOUNT = "/drover-volume";

  private final EngineClients clients;

  public VolumeFiles(EngineClients clients) {
    this.clients = clients;
  }

  /**
   * One file or folder in a volume.
   *
   * @param path the path inside the volume, "/" separated, without a leading slash
   */
  public record Entry(String path, boolean directory, long size, String linkTarget) {}

  /** Every file and folder in the volume, by path. */
  public List<Entry> list(String volume) {
    return withHelper(
        volume,
        "Listing the files of volume " + volume,
        helper -> {
          var entries = new ArrayList<Entry>();
          try (var tar =
              new TarArchiveInputStream(
                  clients.streams().copyArchiveFromContainerCmd(helper, MOUNT + "/.").exec())) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
              var path = relative(entry.getName());
              if (path.isEmpty()) continue;
              entries.add(
                  new Entry(
                      path,
                      entry.isDirectory(),
                      entry.getSize(),
                      entry.isSymbolicLink() ? entry.getLinkName() : null));
            }
          }
          entries.sort(Comparator.comparing(Entry::path));
          return entries;
        });
  }

  /** The start of one file of the volume, as text (at most {@link #MAX_PREVIEW_BYTES}). */
  public String preview(String volume, String path) {
    if (path.contains(".."))
      throw new EngineException("\"" + path + "\" is not a path inside the volume");
    return withHelper(
        volume,
        "Reading " + path + " in volume " + volume,
        helper -> {
          try (var tar =
              new TarArchiveInputStream(
                  clients
                      .streams()
                      .copyArchiveFromContainerCmd(helper, MOUNT + "/" + path)
                      .exec())) {
            var entry = tar.getNextEntry();
            if (entry == null || entry.isDirectory())
              throw new EngineException(path + " is a folder, not a file");
            var bytes = tar.readNBytes(MAX_PREVIEW_BYTES);
            var text = new String(bytes, StandardCharsets.UTF_8);
            return entry.getSize() > MAX_PREVIEW_BYTES
                ? text + "\n… (" + entry.getSize() + " bytes in all)"
                : text;
          }
        });
  }

  private <T> T withHelper(String volume, String action, HelperWork<T> work) {
    var docker = clients.requests();
    String helper = null;
    try {
      var image =
          docker.listImagesCmd().exec().stream()
              .filter(
                  i ->
                      i.getRepoTags() != null
                          && i.getRepoTags().length > 0
                          && !i.getRepoTags()[0].startsWith("<none>"))
              .map(i -> i.getRepoTags()[0])
              .findFirst()
              .orElseThrow(
                  () ->
                      new EngineException(
                          action
                              + " needs any image on the engine to lend its "
                              + "file system; pull one (it is never run) and try again."));
      helper =
          docker
              .createContainerCmd(image)
              .withLabels(Map.of("dev.drover.helper", "volume-files"))
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withBinds(new Bind(volume, new Volume(MOUNT), AccessMode.ro)))
              .exec()
              .getId();
      return work.run(helper);
    } catch (EngineException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw clients.failure(action, e);
    } finally {
      if (helper != null) {
        try {
          docker.removeContainerCmd(helper).withForce(true).exec();
        } catch (RuntimeException ignored) {
          // Already gone with the engine; it never ran, so it holds nothing.
        }
      }
    }
  }

  /** "drover-volume/a/b" or "./a/b" → "a/b"; the archive is rooted at the mount's own name. */
  static String relative(String name) {
    var path = name.replace('\\', '/');
    var slash = path.indexOf('/');
    path = slash < 0 ? "" : path.substring(slash + 1);
    while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
    return path;
  }

  @FunctionalInterface
  private interface HelperWork<T> {
    T run(String helperContainerId) throws IOException;
  }
}
