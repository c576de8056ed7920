package dev.drover.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.EngineEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineSelectionTest {

  private static final EngineEndpoint USER =
      new EngineEndpoint(
          "default",
          URI.create("unix:///var/run/docker.sock"),
          Optional.empty(),
          false,
          EngineEndpoint.Source.PLATFORM_DEFAULT);
  private static final EngineEndpoint VM =
      new EngineEndpoint(
          "drover",
          URI.create("tcp://127.0.0.1:40123"),
          Optional.of(Path.of("/home/u/.config/drover/vm/tls/client")),
          true,
          EngineEndpoint.Source.EXPLICIT);

  private final AtomicInteger switches = new AtomicInteger();

  private EngineSelection selection(boolean userChoseEngine) {
    var selection = new EngineSelection(() -> USER, userChoseEngine);
    selection.onSwitch(switches::incrementAndGet);
    return selection;
  }

  @Test
  void usesTheUsersEngineWhileTheVmIsStopped() {
    var selection = selection(false);
    selection.status(new VmStatus.Stopped());

    assertThat(selection.get()).isEqualTo(USER);
    assertThat(selection.followsVm()).isFalse();
    assertThat(switches).hasValue(0);
  }

  @Test
  void runningVmsEngineIsUsedOverTlsAndNamedAsTheVms() {
    var selection = selection(false);
    selection.status(new VmStatus.Starting("booting the kernel"));
    selection.status(new VmStatus.Running(VM));

    var chosen = selection.get();
    assertThat(chosen.host()).isEqualTo(VM.host());
    assertThat(chosen.tlsMaterial()).isEqualTo(VM.tlsMaterial());
    assertThat(chosen.tlsVerify()).isTrue();
    assertThat(chosen.source()).isEqualTo(EngineEndpoint.Source.VM);
    assertThat(chosen.describe()).contains("Drover's VM").contains("127.0.0.1:40123");
    assertThat(selection.followsVm()).isTrue();
    assertThat(switches)
        .as("the watcher reconnects once, when the VM's engine answers")
        .hasValue(1);
  }

  @Test
  void aVmRunningContainerdAloneLeavesTheDockerPanesOnTheUsersEngine() {
    var selection = selection(false);
    selection.status(new VmStatus.Starting("booting the kernel"));
    selection.status(new VmStatus.Running(VM, VmConfig.Engine.CONTAINERD));
    selection.status(new VmStatus.Degraded("containerd stopped answering"));

    assertThat(selection.get()).isEqualTo(USER);
    assertThat(selection.followsVm()).isFalse();
    assertThat(switches)
        .as("nothing to reconnect: the Docker API engine never changed")
        .hasValue(0);
  }

  @Test
  void stoppingVmSwitchesBackToTheUsersEngine() {
    var selection = selection(false);
    selection.status(new VmStatus.Running(VM));
    selection.status(new VmStatus.Stopping());

    assertThat(selection.get()).isEqualTo(USER);
    assertThat(switches).hasValue(2);

    selection.status(new VmStatus.Stopped());
    assertThat(switches).as("already on the user's engine: no second reconnect").hasValue(2);
  }

  @Test
  void crashedVmFallsBackToTheUsersEngine() {
    var selection = selection(false);
    selection.status(new VmStatus.Running(VM));
    selection.status(new VmStatus.Error("QEMU exited", List.of("panic")));

    assertThat(selection.get()).isEqualTo(USER);
  }

  @Test
  void degradedVmKeepsItsEngineSinceItComesBackByItself() {
    var selection = selection(false);
    selection.status(new VmStatus.Running(VM));
    selection.status(new VmStatus.Degraded("the engine does not answer"));

    assertThat(selection.get().host()).isEqualTo(VM.host());
    assertThat(switches).hasValue(1);

    selection.status(new VmStatus.Running(VM));
    assertThat(switches).as("the same engine again: no reconnect").hasValue(1);
  }

  @Test
  void engineNamedInSettingsWinsOverTheRunningVm() {
    var selection = selection(true);
    selection.status(new VmStatus.Running(VM));

    assertThat(selection.get()).isEqualTo(USER);
    assertThat(selection.followsVm()).isFalse();
    assertThat(switches).as("the VM never moves the app off an engine the user named").hasValue(0);
  }

  @Test
  void usersEngineIsResolvedAgainOnEveryCallSoAChangedContextIsSeen() {
    var calls = new AtomicInteger();
    var selection =
        new EngineSelection(
            () -> {
              calls.incrementAndGet();
              return USER;
            },
            false);

    selection.get();
    selection.get();

    assertThat(calls).hasValue(2);
  }
}
