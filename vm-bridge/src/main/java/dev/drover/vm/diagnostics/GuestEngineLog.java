package dev.drover.vm.diagnostics;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The engine's own log inside the guest ({@code /var/log/dockerd.log}, where the guest's init sends
 * it), read through the engine without running anything: a helper container that bind-mounts the
 * guest's log folder read-only is created, the file is copied out through the archive API, and the
 * helper is removed. Any local image lends its file system, since the helper never runs.
 */
public final class GuestEngineLog implements EngineLogReader {

  private static final String MOUNT = "/drover-guest-log";

  private final String guestFolder;
  private final String fileName;

  /**
   * @param guestFolder the folder in the guest, e.g. /var/log; @param fileName e.g. dockerd.log
   */
  public GuestEngineLog(String guestFolder, String fileName) {
    this.guestFolder = guestFolder;
    this.fileName = fileName;
  }

  public static GuestEngineLog dockerd() {
    return new GuestEngineLog("/var/log", "dockerd.log");
  }

  /** The last {@code lines} lines of the log, oldest first. */
  @Override
  public List<String> tail(EngineEndpoint engine, int lines) throws IOException {
    try (var docker = DockerClients.open(engine, Duration.ofSeconds(30))) {
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
                      new IOException(
                          "Reading the engine's log needs any image in the VM to lend its "
                              + "file system (it is never run); pull or load one and try again."));
      var helper =
          docker
              .createContainerCmd(image)
              .withLabels(Map.of("dev.drover.helper", "guest-engine-log"))
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withBinds(new Bind(guestFolder, new Volume(MOUNT), AccessMode.ro)))
              .exec()
              .getId();
      try (var tar =
          new TarArchiveInputStream(
              docker.copyArchiveFromContainerCmd(helper, MOUNT + "/" + fileName).exec())) {
        if (tar.getNextEntry() == null) return List.of();
        var text = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        var all = Arrays.asList(text.split("\n"));
        return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
            .map(LogFollower::clean)
            .toList();
      } finally {
        try {
          docker.removeContainerCmd(helper).withForce(true).exec();
        } catch (RuntimeException ignored) {
          // it never ran; the engine went away with it
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("Could not read the engine's log in the VM: " + e.getMessage(), e);
    }
  }
}
