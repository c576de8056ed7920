package dev.drover.tests.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.ExposedPort;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.containers.ContainerService;
import dev.drover.engine.containers.RunSpec;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Inspect text of a container and of its image on a real engine, for a container like nginx's
 * or postgres's: an image that {@code EXPOSE}s ports, run with one of them published. The same
 * contract runs against dockerd and Podman.
 */
abstract class InspectContainerContract {

  private DockerClient docker;
  private EngineClients clients;
  private ContainerService service;
  private final List<String> containers = new ArrayList<>();
  private String image;

  @TempDir Path context;

  abstract TestEngine.Kind engine();

  @BeforeEach
  void connect() throws Exception {
    docker = engine().client();
    clients = new EngineClients(engine()::endpoint);
    service =
        new ContainerService(
            clients,
            () -> new DockerImageService(clients, RegistryCredentials.forThisMachine(clients)));
  }

  @AfterEach
  void cleanUp() throws Exception {
    containers.forEach(name -> TestEngine.removeQuietly(docker, name));
    if (image != null) docker.removeImageCmd(image).withForce(true).exec();
    clients.close();
    docker.close();
  }

  /** An image built from the test busybox that exposes ports as server images do, tcp and udp. */
  private String imageWithExposedPorts() throws Exception {
    var base = TestImages.busybox(docker);
    Files.writeString(
        context.resolve("Dockerfile"),
        """
                FROM %s
                EXPOSE 80 443/tcp 5432 53/udp
                CMD ["sleep", "300"]
                """
            .formatted(base));
    image = "drover-test/" + TestEngine.uniqueName("exposed") + ":1";
    docker
        .buildImageCmd()
        .withBaseDirectory(context.toFile())
        .withDockerfile(context.resolve("Dockerfile").toFile())
        .withTags(Set.of(image))
        .exec(new BuildImageResultCallback())
        .awaitImageId(120, TimeUnit.SECONDS);
    return image;
  }

  @Test
  void inspectOfAContainerWithExposedAndPublishedPortsIsTheEnginesJson() throws Exception {
    var name = TestEngine.uniqueName("inspect");
    containers.add(name);
    // Any free host port, chosen by the engine as the container starts: no port picked here can be
    // taken meanwhile.
    var spec =
        new RunSpec(
            imageWithExposedPorts(),
            name,
            List.of(new RunSpec.PortMapping(null, RunSpec.PortMapping.ANY_HOST_PORT, 80, "tcp")),
            Map.of(),
            List.of(),
            List.of(),
            RunSpec.RestartPolicy.NO,
            null,
            false);
    var id = service.run(spec, step -> {});
    var hostPort =
        docker
            .inspectContainerCmd(id)
            .exec()
            .getNetworkSettings()
            .getPorts()
            .getBindings()
            .get(ExposedPort.tcp(80))[0]
            .getHostPortSpec();

    var text = service.inspect(id);

    JsonNode document = new ObjectMapper().readTree(text);
    assertThat(document.path("Id").asText()).isEqualTo(id);
    assertThat(document.path("Name").asText()).isEqualTo("/" + name);
    assertThat(document.path("Config").path("ExposedPorts").properties())
        .extracting(Map.Entry::getKey)
        .contains("80/tcp", "443/tcp", "5432/tcp", "53/udp");
    var published = document.path("HostConfig").path("PortBindings").path("80/tcp");
    assertThat(published.isArray()).as("the published port in %s", text).isTrue();
    assertThat(
            document
                .path("NetworkSettings")
                .path("Ports")
                .path("80/tcp")
                .get(0)
                .path("HostPort")
                .asText())
        .as("the port the engine bound")
        .isEqualTo(hostPort)
        .isNotIn("", "0");
    assertThat(text).as("pretty-printed, one field a line").contains("\n  \"Id\" : \"" + id + "\"");
  }

  @Test
  void inspectOfAnImageWithExposedPortsIsTheEnginesJson() throws Exception {
    var reference = imageWithExposedPorts();

    var text = new DockerImageService(clients).inspect(reference);

    JsonNode document = new ObjectMapper().readTree(text);
    assertThat(document.path("RepoTags").toString()).contains(reference);
    assertThat(document.path("Config").path("ExposedPorts").properties())
        .extracting(Map.Entry::getKey)
        .contains("80/tcp", "443/tcp", "5432/tcp", "53/udp");
  }

  @Test
  void inspectOfAContainerThatIsGoneSaysSo() {
    var name = TestEngine.uniqueName("gone");

    assertThatThrownBy(() -> service.inspect(name))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("Inspecting ")
        .hasMessageContaining(" failed: the engine said: ")
        .hasMessageContaining(name);
  }
}
