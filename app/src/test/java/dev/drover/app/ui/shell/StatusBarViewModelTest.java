package dev.drover.app.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.app.ui.shell.StatusBarViewModel.Health;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusBarViewModelTest {

  private static final EngineEndpoint SOCKET =
      EngineEndpoint.of("default", URI.create("unix:///var/run/docker.sock"));
  private static final EngineEndpoint COLIMA =
      new EngineEndpoint(
          "colima",
          URI.create("unix:///home/ada/.colima/default/docker.sock"),
          Optional.empty(),
          false,
          EngineEndpoint.Source.CONTEXT);

  private final AtomicInteger reconnects = new AtomicInteger();
  private final StatusBarViewModel model =
      new StatusBarViewModel(UiDispatcher.immediate(), reconnects::incrementAndGet);

  @Test
  void startsLookingForAnEngine() {
    assertThat(model.healthProperty().get()).isEqualTo(Health.CONNECTING);
    assertThat(model.engineTextProperty().get()).isEqualTo("Looking for an engine…");
  }

  @Test
  void connectedNamesTheEndpointAndTheEngineVersion() {
    model.statusChanged(new EngineStatus.Connected(SOCKET, "28.3.1", "linux"));

    assertThat(model.healthProperty().get()).isEqualTo(Health.CONNECTED);
    assertThat(model.engineTextProperty().get())
        .isEqualTo("Connected to unix:///var/run/docker.sock · Engine 28.3.1");
  }

  @Test
  void connectedThroughAContextNamesTheContext() {
    model.statusChanged(new EngineStatus.Connected(COLIMA, "27.4.0", "linux"));

    assertThat(model.engineTextProperty().get())
        .contains("context colima")
        .contains("unix:///home/ada/.colima/default/docker.sock")
        .contains("Engine 27.4.0");
  }

  @Test
  void connectingNamesTheEndpointOnceItIsKnown() {
    model.statusChanged(new EngineStatus.Connecting(null));
    assertThat(model.engineTextProperty().get()).isEqualTo("Connecting to the engine…");
    assertThat(model.healthProperty().get()).isEqualTo(Health.CONNECTING);

    model.statusChanged(new EngineStatus.Connecting(SOCKET));
    assertThat(model.engineTextProperty().get())
        .isEqualTo("Connecting to unix:///var/run/docker.sock…");
  }

  @Test
  void unreachableShowsTheReason() {
    model.statusChanged(new EngineStatus.Connected(SOCKET, "28.3.1", "linux"));

    model.statusChanged(
        new EngineStatus.Unreachable(SOCKET, "connection refused at unix:///var/run/docker.sock"));

    assertThat(model.healthProperty().get()).isEqualTo(Health.UNREACHABLE);
    assertThat(model.engineTextProperty().get())
        .isEqualTo("Unreachable: connection refused at unix:///var/run/docker.sock");
  }

  @Test
  void engineComingBackIsConnectedAgain() {
    model.statusChanged(new EngineStatus.Unreachable(SOCKET, "engine stopped"));

    model.statusChanged(new EngineStatus.Connected(SOCKET, "28.3.1", "linux"));

    assertThat(model.healthProperty().get()).isEqualTo(Health.CONNECTED);
  }

  @Test
  void statusIsAppliedOnTheUiThreadNotTheWatchersThread() {
    var posted = new ArrayList<Runnable>();
    var deferred = new StatusBarViewModel(posted::add, () -> {});

    deferred.statusChanged(new EngineStatus.Connected(SOCKET, "28.3.1", "linux"));
    assertThat(deferred.healthProperty().get()).isEqualTo(Health.CONNECTING);

    List.copyOf(posted).forEach(Runnable::run);
    assertThat(deferred.healthProperty().get()).isEqualTo(Health.CONNECTED);
  }

  @Test
  void reconnectAsksTheWatcherToTryAgain() {
    model.reconnect();
    model.reconnect();

    assertThat(reconnects).hasValue(2);
  }

  @Test
  void tlsEndpointFromDockerHostIsNamedAsSuch() {
    var remote =
        new EngineEndpoint(
            "DOCKER_HOST",
            URI.create("tcp://build-box:2376"),
            Optional.of(Path.of("/certs")),
            true,
            EngineEndpoint.Source.DOCKER_HOST);

    model.statusChanged(new EngineStatus.Connected(remote, "28.0.0", "linux"));

    assertThat(model.engineTextProperty().get())
        .isEqualTo("Connected to DOCKER_HOST tcp://build-box:2376 · Engine 28.0.0");
  }

  @Test
  void clusterChangesBeforeTheUiThreadRunsAreOneUpdateWithTheLastState() {
    var queued = new ArrayList<Runnable>();
    var bar = new StatusBarViewModel(queued::add, () -> {});

    bar.clusterChanged("off");
    bar.clusterChanged("on — starts with the Drover VM");
    bar.clusterChanged("starting: Downloading k3s v1.33.1+k3s1");
    assertThat(queued).hasSize(1);
    assertThat(bar.clusterTextProperty().get())
        .as("nothing shown before the UI thread runs")
        .isEmpty();
    queued.removeFirst().run();

    assertThat(bar.clusterTextProperty().get())
        .isEqualTo("Kubernetes: starting: Downloading k3s v1.33.1+k3s1");
    bar.clusterChanged("running (v1.33.1+k3s1)");
    assertThat(queued).as("a later change is posted again").hasSize(1);
    queued.removeFirst().run();
    assertThat(bar.clusterTextProperty().get()).isEqualTo("Kubernetes: running (v1.33.1+k3s1)");
  }
}
