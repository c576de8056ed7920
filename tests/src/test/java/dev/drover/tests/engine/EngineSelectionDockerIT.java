package dev.drover.tests.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.EngineWatcher;
import dev.drover.tests.support.TestEngine;
import dev.drover.tests.support.TestImages;
import dev.drover.vm.EngineSelection;
import dev.drover.vm.VmStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app's engine follows the VM: with two real engines, the Podman service standing in for the
 * VM's engine and dockerd for the user's own, the watcher and the clients move to the VM's engine
 * when it reports Running and back when it stops, each time with that engine's container list (no
 * engine is reported unreachable on the way).
 */
class EngineSelectionDockerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final DockerClient docker = TestEngine.Kind.DOCKER.client();
  private final DockerClient podman = TestEngine.Kind.PODMAN.client();
  private final String onUsersEngine = TestEngine.uniqueName("user-engine");
  private final String onVmEngine = TestEngine.uniqueName("vm-engine");
  private EngineWatcher watcher;
  private EngineClients clients;

  @AfterEach
  void cleanUp() throws Exception {
    if (watcher != null) watcher.close();
    if (clients != null) clients.close();
    TestEngine.removeQuietly(docker, onUsersEngine);
    TestEngine.removeQuietly(podman, onVmEngine);
    docker.close();
    podman.close();
  }

  @Test
  void appsEngineFollowsTheVmWhileItRunsAndFallsBackWhenItStops() throws Exception {
    docker
        .createContainerCmd(TestImages.busybox(docker))
        .withName(onUsersEngine)
        .withCmd("true")
        .exec();
    podman
        .createContainerCmd(TestImages.busybox(podman))
        .withName(onVmEngine)
        .withCmd("true")
        .exec();
    var userEngine = TestEngine.Kind.DOCKER.endpoint();
    var vmEngine = TestEngine.Kind.PODMAN.endpoint();
    var selection = new EngineSelection(() -> userEngine, false);
    watcher = new EngineWatcher(selection);
    clients = new EngineClients(selection);
    selection.onSwitch(watcher::endpointChanged);
    var seen = new Seen();
    watcher.subscribe(seen);
    selection.status(new VmStatus.Stopped());
    watcher.start();

    await().atMost(PATIENCE).until(() -> seen.connectedTo(userEngine) && seen.lists(onUsersEngine));

    seen.clear();
    selection.status(new VmStatus.Starting("waiting for the engine"));
    selection.status(new VmStatus.Running(vmEngine));

    await().atMost(PATIENCE).until(() -> seen.connectedTo(vmEngine) && seen.lists(onVmEngine));
    assertThat(seen.lists(onUsersEngine)).as("the list is the VM engine's alone").isFalse();
    assertThat(clients.endpoint().source()).isEqualTo(EngineEndpoint.Source.VM);
    assertThat(clients.requests().listContainersCmd().withShowAll(true).exec())
        .anySatisfy(c -> assertThat(c.getNames()).contains("/" + onVmEngine));
    assertThat(seen.unreachable).as("a switch is not an outage").isEmpty();

    seen.clear();
    selection.status(new VmStatus.Stopping());

    await().atMost(PATIENCE).until(() -> seen.connectedTo(userEngine) && seen.lists(onUsersEngine));
    assertThat(clients.endpoint()).isEqualTo(userEngine);
    assertThat(seen.unreachable).isEmpty();
  }

  /**
   * What the watcher told since the last clear: the engine it connected to and its latest full
   * list.
   */
  private static final class Seen implements EngineListener {
    final List<EngineStatus.Connected> connected = new CopyOnWriteArrayList<>();
    final List<EngineStatus.Unreachable> unreachable = new CopyOnWriteArrayList<>();
    volatile List<ContainerSummary> lastReset = List.of();

    @Override
    public void statusChanged(EngineStatus status) {
      if (status instanceof EngineStatus.Connected c) connected.add(c);
      if (status instanceof EngineStatus.Unreachable u) unreachable.add(u);
    }

    @Override
    public void containersChanged(ContainerUpdate update) {
      if (update instanceof ContainerUpdate.Reset reset) lastReset = reset.containers();
    }

    boolean connectedTo(EngineEndpoint endpoint) {
      return connected.stream().anyMatch(c -> c.endpoint().host().equals(endpoint.host()));
    }

    boolean lists(String name) {
      return lastReset.stream().anyMatch(c -> c.name().equals(name));
    }

    void clear() {
      connected.clear();
      unreachable.clear();
      lastReset = List.of();
    }
  }
}
