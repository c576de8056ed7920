package dev.drover.tests.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * The real engines that ./run-tests.sh starts on private sockets, each shared by every test in the
 * run: Debian's dockerd, and Podman's Docker-compatible service. The plain methods mean dockerd.
 */
public final class TestEngine {

  /** An engine the tests run against; the same tests run on each where they should behave alike. */
  public enum Kind {
    DOCKER("DROVER_TEST_DOCKER_HOST", "no test Docker engine"),
    PODMAN("DROVER_TEST_PODMAN_HOST", "no test Podman service");

    private final String variable;
    private final String whatIsMissing;

    Kind(String variable, String whatIsMissing) {
      this.variable = variable;
      this.whatIsMissing = whatIsMissing;
    }

    public String host() {
      return RealParts.require(variable, whatIsMissing);
    }

    public EngineEndpoint endpoint() {
      return EngineEndpoint.of("test " + name().toLowerCase(), URI.create(host()));
    }

    public DockerClient client() {
      return DockerClients.open(endpoint(), Duration.ofSeconds(60));
    }
  }

  private TestEngine() {}

  public static String host() {
    return Kind.DOCKER.host();
  }

  public static EngineEndpoint endpoint() {
    return Kind.DOCKER.endpoint();
  }

  public static DockerClient client() {
    return Kind.DOCKER.client();
  }

  /** A name no other test or run uses, so tests can share the engine. */
  public static String uniqueName(String purpose) {
    return "drover-test-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Removes a container whether or not it still exists or runs. */
  public static void removeQuietly(DockerClient docker, String nameOrId) {
    try {
      docker.removeContainerCmd(nameOrId).withForce(true).exec();
    } catch (NotFoundException alreadyGone) {
      // Nothing to clean up.
    }
  }

  /**
   * Starts a container named {@code name} from {@code image} that sleeps, with its port 80
   * published on a free port of 127.0.0.1; returns that host port.
   */
  public static String startPublishingPort80(DockerClient docker, String image, String name) {
    var id =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withCmd("sleep", "300")
            .withExposedPorts(ExposedPort.tcp(80))
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withPortBindings(
                        new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(80))))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return docker
        .inspectContainerCmd(id)
        .exec()
        .getNetworkSettings()
        .getPorts()
        .getBindings()
        .get(ExposedPort.tcp(80))[0]
        .getHostPortSpec();
  }
}
