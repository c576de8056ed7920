package dev.drover.tests.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.volumes.VolumeFiles;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Browsing a volume's files read-only, on the real engine, without running anything. */
class VolumeFilesDockerIT {

  private DockerClient docker;
  private EngineClients clients;
  private String volume;

  @BeforeEach
  void volumeWithFiles() throws Exception {
    docker = TestEngine.client();
    clients = new EngineClients(TestEngine::endpoint);
    volume = TestEngine.uniqueName("files");
    docker.createVolumeCmd().withName(volume).exec();
    var writer =
        docker
            .createContainerCmd(TestImages.busybox(docker))
            .withCmd(
                "sh",
                "-c",
                "mkdir -p /v/dir && echo hello > /v/dir/a.txt && ln -s dir/a.txt /v/link")
            .withHostConfig(
                HostConfig.newHostConfig().withBinds(new Bind(volume, new Volume("/v"))))
            .exec()
            .getId();
    docker.startContainerCmd(writer).exec();
    docker.waitContainerCmd(writer).start().awaitCompletion(60, TimeUnit.SECONDS);
    docker.removeContainerCmd(writer).exec();
  }

  @AfterEach
  void cleanUp() throws Exception {
    docker.removeVolumeCmd(volume).exec();
    clients.close();
    docker.close();
  }

  @Test
  void aVolumesFilesAreListedAndReadWithoutLeavingAnythingBehind() {
    var files = new VolumeFiles(clients);

    var entries = files.list(volume);

    assertThat(entries)
        .extracting(VolumeFiles.Entry::path)
        .containsExactly("dir", "dir/a.txt", "link");
    assertThat(entries.get(0).directory()).isTrue();
    assertThat(entries.get(1).size()).isEqualTo(6);
    assertThat(entries.get(2).linkTarget()).isEqualTo("dir/a.txt");
    assertThat(files.preview(volume, "dir/a.txt")).isEqualTo("hello\n");
    assertThat(
            docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of("dev.drover.helper", "volume-files"))
                .exec())
        .as("the helper containers are removed")
        .isEmpty();
  }

  @Test
  void pathsOutsideTheVolumeAreRefused() {
    assertThatThrownBy(() -> new VolumeFiles(clients).preview(volume, "../../etc/passwd"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("not a path inside the volume");
  }
}
