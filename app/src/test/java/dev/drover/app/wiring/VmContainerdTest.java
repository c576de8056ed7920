package dev.drover.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.containerd.ContainerdSource;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.containerd.ContainerdContainer;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.engine.containerd.ContainerdImage;
import dev.drover.engine.containerd.ContainerdListener;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VmContainerdTest {

  private static final EngineEndpoint VM =
      new EngineEndpoint(
          "drover",
          URI.create("tcp://127.0.0.1:40123"),
          Optional.of(Path.of("/home/u/.config/drover/vm/tls/client")),
          true,
          EngineEndpoint.Source.EXPLICIT);

  private final List<Client> opened = new ArrayList<>();
  private final AtomicInteger changes = new AtomicInteger();
  private VmConfig.Engine chosen = VmConfig.Engine.CONTAINERD;

  private VmContainerd source() {
    var source =
        new VmContainerd(
            endpoint -> {
              var client = new Client(endpoint);
              opened.add(client);
              return client;
            },
            () -> chosen);
    source.subscribe(changes::incrementAndGet);
    return source;
  }

  @Test
  void aClientExistsOnlyWhileTheVmRunsContainerdAndIsClosedWhenItStops() {
    var source = source();
    source.status(new VmStatus.Stopped());
    assertThat(source.current()).isEmpty();
    assertThat(source.absence()).isEqualTo(ContainerdSource.Absence.VM_NOT_RUNNING);

    source.status(new VmStatus.Running(VM, VmConfig.Engine.CONTAINERD));
    assertThat(source.current()).containsSame(opened.getFirst());
    assertThat(opened.getFirst().endpoint).isEqualTo(VM);

    source.status(new VmStatus.Degraded("containerd stopped answering"));
    source.status(new VmStatus.Running(VM, VmConfig.Engine.CONTAINERD));
    assertThat(opened).as("Degraded and back keeps the same client").hasSize(1);

    source.status(new VmStatus.Stopping());
    assertThat(source.current()).isEmpty();
    assertThat(opened.getFirst().closed).isTrue();
    assertThat(changes).as("present, then gone").hasValue(2);
  }

  @Test
  void aVmRunningDockerdSaysSoAndAStoppedOneFollowsTheChosenEngine() {
    var source = source();
    source.status(new VmStatus.Running(VM));
    assertThat(source.current()).isEmpty();
    assertThat(source.absence()).isEqualTo(ContainerdSource.Absence.VM_RUNS_MOBY);
    assertThat(opened).isEmpty();

    chosen = VmConfig.Engine.MOBY;
    source.status(new VmStatus.Stopped());
    assertThat(source.absence())
        .as("a stopped VM that would run dockerd is no VM in use")
        .isEqualTo(ContainerdSource.Absence.NO_VM);
    chosen = VmConfig.Engine.CONTAINERD;
    source.status(new VmStatus.Stopped());
    assertThat(source.absence()).isEqualTo(ContainerdSource.Absence.VM_NOT_RUNNING);
  }

  @Test
  void closingTheAppClosesTheClient() {
    var source = source();
    source.status(new VmStatus.Running(VM, VmConfig.Engine.CONTAINERD));
    source.close();
    assertThat(opened.getFirst().closed).isTrue();
    assertThat(source.current()).isEmpty();
  }

  /** Records what the source does with it; no call reaches a containerd. */
  private static final class Client implements ContainerdEngine {
    final EngineEndpoint endpoint;
    boolean closed;

    Client(EngineEndpoint endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public String version() {
      return "1.6.20";
    }

    @Override
    public List<String> namespaces() {
      return List.of();
    }

    @Override
    public List<ContainerdContainer> containers(String namespace) {
      return List.of();
    }

    @Override
    public List<ContainerdImage> images(String namespace) {
      return List.of();
    }

    @Override
    public void start(String namespace, String containerId) {}

    @Override
    public void stop(String namespace, String containerId, Duration grace) {}

    @Override
    public void remove(String namespace, String containerId) {}

    @Override
    public void removeImage(String namespace, String imageName) {}

    @Override
    public AutoCloseable subscribe(ContainerdListener listener) {
      return () -> {};
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
