package dev.drover.tests.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.volumes.VolumeService;
import dev.drover.engine.volumes.VolumeSummary;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VolumeService} against the shared real dockerd. Every volume and container here is this
 * test's own.
 */
class VolumeServiceDockerIT {

  private static DockerClient docker;
  private static String image;
  private static EngineClients clients;
  private static VolumeService volumes;

  private final List<String> containers = new ArrayList<>();
  private final List<String> createdVolumes = new ArrayList<>();

  @BeforeAll
  static void realParts() throws Exception {
    docker = TestEngine.client();
    image = TestImages.busybox(docker);
    var endpoint = TestEngine.endpoint();
    clients = new EngineClients(() -> endpoint);
    volumes = new VolumeService(clients);
  }

  @AfterAll
  static void closeClients() throws Exception {
    if (clients != null) clients.close();
    if (docker != null) docker.close();
  }

  @AfterEach
  void removeWhatThisTestCreated() {
    containers.forEach(c -> TestEngine.removeQuietly(docker, c));
    for (var volume : createdVolumes) {
      try {
        docker.removeVolumeCmd(volume).exec();
      } catch (NotFoundException alreadyGone) {
        // Removed by the test itself.
      }
    }
  }

  private String newVolumeName(String purpose) {
    var name = TestEngine.uniqueName(purpose);
    createdVolumes.add(name);
    return name;
  }

  /**
   * A container that mounts {@code volume} at /data and runs {@code cmd}; created, and started when
   * asked.
   */
  private String containerWith(String volume, boolean start, String... cmd) {
    var name = TestEngine.uniqueName("volume-user");
    containers.add(name);
    var id =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withCmd(cmd)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withNetworkMode("none")
                    .withBinds(new Bind(volume, new Volume("/data"))))
            .exec()
            .getId();
    if (start) docker.startContainerCmd(id).exec();
    return name;
  }

  private static Optional<VolumeSummary> listed(String name) {
    return volumes.list().stream().filter(v -> v.name().equals(name)).findFirst();
  }

  @Test
  void createdVolumeIsListedAndRemovedVolumeIsNot() {
    var name = newVolumeName("vol");

    volumes.create(name);

    var volume = listed(name).orElseThrow();
    assertThat(volume.driver()).isEqualTo("local");
    assertThat(volume.mountpoint()).contains(name);
    assertThat(volume.usedBy()).isEmpty();
    assertThat(volume.created()).as("the engine's disk-usage report dates it").isNotNull();

    volumes.remove(name);

    assertThat(listed(name)).isEmpty();
    assertThatThrownBy(() -> docker.inspectVolumeCmd(name).exec())
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void sizeComesFromTheEngineDiskUsageReport() throws Exception {
    var name = newVolumeName("sized");
    volumes.create(name);
    var writer = containerWith(name, true, "sh", "-c", "head -c 300000 /dev/zero > /data/blob");
    docker
        .waitContainerCmd(writer)
        .exec(new WaitContainerResultCallback())
        .awaitStatusCode(30, TimeUnit.SECONDS);

    var volume = listed(name).orElseThrow();

    assertThat(volume.sizeBytes()).isGreaterThanOrEqualTo(300_000);
    assertThat(volume.usedBy()).as("a stopped container still uses it").containsExactly(writer);
  }

  @Test
  void creatingAnExistingNameIsRefused() {
    var name = newVolumeName("twice");
    volumes.create(name);

    assertThatThrownBy(() -> volumes.create(name))
        .isInstanceOf(EngineException.class)
        .hasMessage("A volume named " + name + " already exists.");
  }

  @Test
  void volumeInUseIsRefusedNamingTheContainer() {
    var name = newVolumeName("busy");
    volumes.create(name);
    var user = containerWith(name, true, "sleep", "300");

    assertThat(listed(name).orElseThrow().usedBy()).containsExactly(user);
    assertThatThrownBy(() -> volumes.remove(name))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("Volume " + name + " is used by container " + user);
    assertThat(listed(name)).as("the volume is kept").isPresent();
  }

  @Test
  void removingAMissingVolumeSaysWhatTheEngineSaid() {
    var name = TestEngine.uniqueName("missing");

    assertThatThrownBy(() -> volumes.remove(name))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("Removing volume " + name + " failed: the engine said:")
        .hasMessageContaining("no such volume");
  }

  @Test
  void pruneRemovesAnUnusedVolumeAndKeepsOneInUse() {
    // A label only this test uses keeps the prune from touching other tests' volumes on the shared
    // engine.
    var label = TestEngine.uniqueName("prune");
    var unused = newVolumeName("unused");
    var inUse = newVolumeName("kept");
    volumes.create(unused, Map.of(label, "1"));
    volumes.create(inUse, Map.of(label, "1"));
    containerWith(inUse, false, "true");

    var result = volumes.prune(label);

    assertThat(result.removed()).containsExactly(unused);
    assertThat(result.count()).isEqualTo(1);
    assertThat(listed(unused)).isEmpty();
    assertThat(listed(inUse)).isPresent();
  }
}
