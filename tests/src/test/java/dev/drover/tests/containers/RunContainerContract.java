package dev.drover.tests.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineException;
import dev.drover.engine.containers.ContainerService;
import dev.drover.engine.containers.RunSpec;
import dev.drover.engine.images.DockerImageService;
import dev.drover.engine.registries.RegistryCredentials;
import dev.drover.tests.support.RealParts;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Run a container" on a real engine: what it creates, and that a run which fails leaves nothing
 * behind. The same contract runs against dockerd and Podman.
 */
abstract class RunContainerContract {

  private DockerClient docker;
  private EngineClients clients;
  private ContainerService service;
  private String image;
  private final List<String> created = new ArrayList<>();

  abstract TestEngine.Kind engine();

  @BeforeEach
  void connect() throws Exception {
    docker = engine().client();
    image = TestImages.busybox(docker);
    clients = new EngineClients(engine()::endpoint);
    service =
        new ContainerService(
            clients,
            () -> new DockerImageService(clients, RegistryCredentials.forThisMachine(clients)));
  }

  @AfterEach
  void cleanUp() throws Exception {
    created.forEach(name -> TestEngine.removeQuietly(docker, name));
    clients.close();
    docker.close();
  }

  private String name(String purpose) {
    var name = TestEngine.uniqueName(purpose);
    created.add(name);
    return name;
  }

  private RunSpec spec(String name, List<String> command) {
    return new RunSpec(
        image,
        name,
        List.of(),
        Map.of(),
        List.of(),
        command,
        RunSpec.RestartPolicy.NO,
        null,
        false);
  }

  private boolean exists(String name) {
    return !docker
        .listContainersCmd()
        .withShowAll(true)
        .withNameFilter(List.of(name))
        .exec()
        .isEmpty();
  }

  @Test
  void aRunOfALocalImageNeverAsksForTheImageService() {
    var asked = new AtomicInteger();
    // The app makes the image service (and the JSON stack it loads) only when a run has to pull.
    var withoutPulls =
        new ContainerService(
            clients,
            () -> {
              asked.incrementAndGet();
              throw new AssertionError("a local image needs no pull");
            });

    var id = withoutPulls.run(spec(name("local"), List.of("sleep", "300")), step -> {});

    assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isTrue();
    assertThat(asked).hasValue(0);
  }

  @Test
  void runCreatesAndStartsTheContainerAsSpecified() {
    var name = name("run");
    var volume = name("vol");
    var spec =
        new RunSpec(
            image,
            name,
            List.of(),
            Map.of("GREETING", "hello"),
            List.of(new RunSpec.MountSpec(volume, "/data", false)),
            List.of("sh", "-c", "echo $GREETING > /data/out; sleep 300"),
            new RunSpec.RestartPolicy("on-failure", 2),
            null,
            false);
    var steps = new ArrayList<String>();

    var id = service.run(spec, steps::add);

    var inspected = docker.inspectContainerCmd(id).exec();
    assertThat(inspected.getName()).isEqualTo("/" + name);
    assertThat(inspected.getState().getRunning()).isTrue();
    assertThat(inspected.getConfig().getEnv()).contains("GREETING=hello");
    assertThat(inspected.getHostConfig().getRestartPolicy().getName()).isEqualTo("on-failure");
    assertThat(inspected.getMounts())
        .anySatisfy(m -> assertThat(m.getDestination().getPath()).isEqualTo("/data"));
    assertThat(steps).contains("Creating the container…", "Starting the container…");
    docker.removeContainerCmd(id).withForce(true).exec();
    docker.removeVolumeCmd(volume).exec();
  }

  @Test
  void runDialogRejectsTakenHostPortBeforeCreatingAnything() throws Exception {
    var name = name("taken");
    try (var taken = new ServerSocket(0)) {
      var spec =
          new RunSpec(
              image,
              name,
              List.of(new RunSpec.PortMapping(null, taken.getLocalPort(), 80, "tcp")),
              Map.of(),
              List.of(),
              List.of("sleep", "300"),
              RunSpec.RestartPolicy.NO,
              null,
              false);

      assertThatThrownBy(() -> service.run(spec, step -> {}))
          .isInstanceOf(EngineException.class)
          .hasMessage(
              "Port "
                  + taken.getLocalPort()
                  + " is already used by another program on this machine. "
                  + "Choose another host port, or stop that program.");
    }
    assertThat(exists(name)).as("nothing was created").isFalse();
  }

  @Test
  void anImageThatExistsNowhereIsReportedAndNothingIsCreated() {
    var name = name("noimage");
    var registry = RealParts.require("DROVER_TEST_REGISTRY", "no local image registry");
    var spec =
        new RunSpec(
            registry + "/drover-test/does-not-exist:1",
            name,
            List.of(),
            Map.of(),
            List.of(),
            List.of("true"),
            RunSpec.RestartPolicy.NO,
            null,
            false);

    assertThatThrownBy(() -> service.run(spec, step -> {}))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("Pulling " + registry + "/drover-test/does-not-exist:1 failed: ");
    assertThat(exists(name)).isFalse();
  }

  @Test
  void aContainerThatCannotStartIsRemovedAgain() {
    var name = name("nostart");

    assertThatThrownBy(() -> service.run(spec(name, List.of("/no/such/program")), step -> {}))
        .isInstanceOf(EngineException.class)
        .hasMessageStartingWith("Starting the container failed: the engine said: ");
    assertThat(exists(name)).as("the half-created container is gone").isFalse();
  }

  @Test
  void theEngineOffersItsRuntimes() {
    assertThat(service.runtimes()).contains("runc");
  }
}
