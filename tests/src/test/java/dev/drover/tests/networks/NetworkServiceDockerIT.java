package dev.drover.tests.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.networks.NetworkService;
import dev.drover.engine.networks.NetworkSummary;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link NetworkService} against the shared real dockerd. The engine may run without its default
 * bridge ({@code --bridge none}), so every network used here is a user-defined bridge this test
 * creates.
 */
class NetworkServiceDockerIT {

  private static DockerClient docker;
  private static String image;
  private static EngineClients clients;
  private static NetworkService networks;

  private final List<String> containers = new ArrayList<>();
  private final List<String> createdNetworks = new ArrayList<>();

  @BeforeAll
  static void realParts() throws Exception {
    docker = TestEngine.client();
    image = TestImages.busybox(docker);
    var endpoint = TestEngine.endpoint();
    clients = new EngineClients(() -> endpoint);
    networks = new NetworkService(clients);
  }

  @AfterAll
  static void closeClients() throws Exception {
    if (clients != null) clients.close();
    if (docker != null) docker.close();
  }

  @AfterEach
  void removeWhatThisTestCreated() {
    containers.forEach(c -> TestEngine.removeQuietly(docker, c));
    for (var network : createdNetworks) {
      try {
        docker.removeNetworkCmd(network).exec();
      } catch (NotFoundException alreadyGone) {
        // Removed by the test itself.
      }
    }
  }

  /**
   * A bridge network of this test's own, created through the service (which the tests exercise
   * too).
   */
  private String newNetwork(String purpose) {
    var name = TestEngine.uniqueName(purpose);
    createdNetworks.add(name);
    networks.createBridge(name, null);
    return name;
  }

  private String runningContainerOn(String network) {
    var name = TestEngine.uniqueName("net-user");
    containers.add(name);
    var id =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withCmd("sleep", "300")
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return name;
  }

  private static Optional<NetworkSummary> listed(String name) {
    return networks.list().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  @Test
  void createdNetworkIsListedAndRemovedNetworkIsNot() {
    var name = newNetwork("net");

    var network = listed(name).orElseThrow();
    assertThat(network.driver()).isEqualTo("bridge");
    assertThat(network.scope()).isEqualTo("local");
    assertThat(network.builtIn()).isFalse();
    assertThat(network.containers()).isEmpty();
    assertThat(network.subnets()).as("the engine picked a subnet").isNotEmpty();

    networks.remove(network.id());

    assertThat(listed(name)).isEmpty();
  }

  @Test
  void networkCreatedWithASubnetShowsThatSubnet() {
    var name = TestEngine.uniqueName("subnet");
    createdNetworks.add(name);
    // Other tests share the engine and its address space: try a few random /24s until one is free.
    String subnet = null;
    for (int attempt = 0; subnet == null; attempt++) {
      var random = ThreadLocalRandom.current();
      var candidate = "10." + random.nextInt(200, 250) + "." + random.nextInt(0, 256) + ".0/24";
      try {
        networks.createBridge(name, candidate);
        subnet = candidate;
      } catch (EngineException overlap) {
        if (attempt >= 4 || !overlap.getMessage().contains("overlap")) throw overlap;
      }
    }

    assertThat(listed(name).orElseThrow().subnets()).containsExactly(subnet);
  }

  @Test
  void invalidSubnetIsRefusedBeforeTheEngineCreatesAnything() {
    var name = TestEngine.uniqueName("badsubnet");
    createdNetworks.add(name);

    assertThatThrownBy(() -> networks.createBridge(name, "10.240.7.9/24"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("write 10.240.7.0/24");
    assertThat(listed(name)).isEmpty();
  }

  @Test
  void containerConnectsAndDisconnects() {
    var home = newNetwork("home");
    var other = newNetwork("other");
    var container = runningContainerOn(home);
    var otherId = listed(other).orElseThrow().id();
    assertThat(networks.containerNames()).contains(container);
    assertThat(listed(home).orElseThrow().containers()).containsExactly(container);
    var listing = networks.listing();
    assertThat(listing.containerNames()).contains(container);
    assertThat(listing.networks())
        .filteredOn(n -> n.name().equals(home))
        .singleElement()
        .satisfies(n -> assertThat(n.containers()).containsExactly(container));

    networks.connect(otherId, container);
    assertThat(listed(other).orElseThrow().containers()).containsExactly(container);
    assertThat(docker.inspectContainerCmd(container).exec().getNetworkSettings().getNetworks())
        .containsKey(other);

    networks.disconnect(otherId, container);
    assertThat(listed(other).orElseThrow().containers()).isEmpty();
    assertThat(listed(home).orElseThrow().containers()).containsExactly(container);
  }

  @Test
  void networkWithAnAttachedContainerIsNotRemovedAndTheContainerIsNamed() {
    var name = newNetwork("busy");
    var container = runningContainerOn(name);

    assertThatThrownBy(() -> networks.remove(listed(name).orElseThrow().id()))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "Network "
                + name
                + " has container "
                + container
                + " attached. Disconnect or remove it first.");
    assertThat(listed(name)).isPresent();
  }

  @Test
  void onlyContainersAttachedNowAreCountedNotStoppedOnesThatNameTheNetwork() {
    var name = newNetwork("mixed");
    var running = runningContainerOn(name);
    var stopped = TestEngine.uniqueName("net-stopped");
    containers.add(stopped);
    docker
        .createContainerCmd(image)
        .withName(stopped)
        .withCmd("true")
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(name))
        .exec();

    assertThat(listed(name).orElseThrow().containers()).containsExactly(running);

    docker.stopContainerCmd(running).withTimeout(0).exec();
    assertThat(listed(name).orElseThrow().containers())
        .as("stopped, it has no endpoint on the network")
        .isEmpty();
  }

  @Test
  void builtInNetworksCannotBeRemoved() {
    assertThatThrownBy(() -> networks.remove("bridge"))
        .isInstanceOf(EngineException.class)
        .hasMessage("Network bridge is built into the engine and cannot be removed.");
    assertThatThrownBy(() -> networks.remove("none"))
        .hasMessage("Network none is built into the engine and cannot be removed.");

    // By id too, as the table removes them: the engine always has its "none" network.
    var none = listed("none").orElseThrow();
    assertThat(none.builtIn()).isTrue();
    assertThatThrownBy(() -> networks.remove(none.id()))
        .hasMessage("Network none is built into the engine and cannot be removed.");
    assertThat(listed("none")).isPresent();
  }
}
