package dev.drover.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.concurrent.UiDispatcher;
import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class VmControlViewModelTest {

  private final FakeVmActions vm = new FakeVmActions();

  private static VmStatus.Running running() {
    return new VmStatus.Running(EngineEndpoint.of("drover", URI.create("tcp://127.0.0.1:2376")));
  }

  @Test
  void stoppedVmOffersStartOnly() {
    var model = new VmControlViewModel(vm, Background.sameThread());

    assertThat(model.stateProperty().get()).isEqualTo(VmControlViewModel.State.STOPPED);
    assertThat(model.canStartProperty().get()).isTrue();
    assertThat(model.canStopProperty().get()).isFalse();
    assertThat(model.statusTextProperty().get()).isEqualTo("VM: Stopped");
  }

  @Test
  void statusBarPlaceholderSaysWhatAStoppedVmsStatusSays() {
    var model = new VmControlViewModel(vm, Background.sameThread());

    assertThat(VmControlViewModel.STOPPED_TEXT).isEqualTo(model.statusTextProperty().get());
  }

  @Test
  void startingShowsProgressAndThePhaseThenRunningOffersStop() {
    var model = new VmControlViewModel(vm, Background.sameThread());

    model.start();
    vm.send(new VmStatus.Starting("booting Linux (tcg)"));

    assertThat(vm.commands).containsExactly("start");
    assertThat(model.inProgressProperty().get()).isTrue();
    assertThat(model.statusTextProperty().get()).isEqualTo("VM: Starting: booting Linux (tcg)");
    assertThat(model.canStartProperty().get()).isFalse();

    vm.send(running());

    assertThat(model.inProgressProperty().get()).isFalse();
    assertThat(model.canStopProperty().get()).isTrue();
    assertThat(model.statusTextProperty().get()).startsWith("VM: Running (tcp://127.0.0.1:2376");
  }

  @Test
  void portsTheVmCouldNotForwardAreListedWhileItRuns() {
    var model = new VmControlViewModel(vm, Background.sameThread());
    vm.send(running());
    vm.portsNotForwarded =
        List.of("5432/tcp on 127.0.0.1 of container db: already used on this computer");

    vm.send(
        new VmNotice(
            Instant.EPOCH,
            VmNotice.Kind.PORT_CONFLICT,
            "port 5432/tcp on 127.0.0.1 of container db is already used on this computer"));

    assertThat(model.portsNotForwardedProperty())
        .containsExactly("5432/tcp on 127.0.0.1 of container db: already used on this computer");

    vm.send(new VmStatus.Stopped());

    assertThat(model.portsNotForwardedProperty()).isEmpty();
  }

  @Test
  void aPortTheVmCouldNotForwardRaisesANoticeNamingItUntilItIsForwarded() {
    var model = new VmControlViewModel(vm, Background.sameThread());
    vm.send(running());
    assertThat(model.portNoticeProperty().get()).isEmpty();

    vm.portsNotForwarded =
        List.of("8080/tcp on 0.0.0.0 of container web: already used on this computer");
    vm.send(
        new VmNotice(
            Instant.EPOCH,
            VmNotice.Kind.PORT_CONFLICT,
            "port 8080/tcp on 0.0.0.0 of container web is already used on this computer"));

    assertThat(model.portNoticeProperty().get())
        .startsWith("1 published port is not forwarded to this computer: ")
        .contains("8080/tcp on 0.0.0.0 of container web: already used on this computer")
        .contains("free the port");

    vm.portsNotForwarded =
        List.of(
            "8080/tcp on 0.0.0.0 of container web: already used on this computer",
            "53/udp on 127.0.0.1 of container dns: already used on this computer");
    vm.send(
        new VmNotice(
            Instant.EPOCH,
            VmNotice.Kind.PORT_CONFLICT,
            "port 53/udp on 127.0.0.1 of container dns is already used on this computer"));

    assertThat(model.portNoticeProperty().get())
        .startsWith("2 published ports are not forwarded to this computer: ")
        .contains("53/udp on 127.0.0.1 of container dns");

    vm.portsNotForwarded = List.of();
    vm.send(
        new VmNotice(
            Instant.EPOCH, VmNotice.Kind.PORT_UNFORWARDED, "port 8080/tcp is no longer forwarded"));

    assertThat(model.portNoticeProperty().get()).isEmpty();
  }

  @Test
  void aProxyTheVmCannotReachIsToldUntilTheVmStops() {
    var model = new VmControlViewModel(vm, Background.sameThread());
    vm.send(new VmStatus.Starting("booting Linux (hyperkit)"));
    assertThat(model.proxyNoticeProperty().get()).isEmpty();

    var problem =
        "The VM cannot reach the proxy http://127.0.0.1:3128: it listens only on this computer's"
            + " loopback, and the VM reaches this computer at 192.168.64.1";
    vm.send(new VmNotice(Instant.EPOCH, VmNotice.Kind.PROXY_UNREACHABLE, problem));
    vm.send(running());

    assertThat(model.proxyNoticeProperty().get()).isEqualTo(problem);

    vm.send(new VmStatus.Stopped());

    assertThat(model.proxyNoticeProperty().get()).isEmpty();
  }

  @Test
  void errorShowsTheReasonAndTheConsoleAndAllowsAStart() {
    var model = new VmControlViewModel(vm, Background.sameThread());

    vm.send(
        new VmStatus.Error(
            "The VM stopped unexpectedly: QEMU was killed (signal 9). Start it again.",
            List.of("drover-guest: starting dockerd", "Killed")));

    assertThat(model.failureProperty().get())
        .contains("QEMU was killed")
        .contains("Start it again");
    assertThat(model.consoleTailProperty())
        .containsExactly("drover-guest: starting dockerd", "Killed");
    assertThat(model.canStartProperty().get()).isTrue();

    vm.send(new VmStatus.Starting("booting Linux (kvm)"));

    assertThat(model.failureProperty().get()).isEmpty();
    assertThat(model.consoleTailProperty()).isEmpty();
  }

  @Test
  void failedCommandShowsWhyAndIsNoLongerBusy() {
    vm.failure =
        "QEMU is not installed; install it, e.g. `apt-get install qemu-system-x86 qemu-utils`";
    var model = new VmControlViewModel(vm, Background.sameThread());

    model.start();

    assertThat(model.failureProperty().get()).contains("apt-get install qemu-system-x86");
    assertThat(model.busyProperty().get()).isFalse();
    assertThat(model.canStartProperty().get()).isTrue();
  }

  @Test
  void stopRestartAndFactoryResetReachTheVm() {
    var model = new VmControlViewModel(vm, Background.sameThread());

    model.stop();
    model.restart();
    model.factoryReset();

    assertThat(vm.commands).containsExactly("stop 30", "restart", "delete");
  }

  @Test
  void aVmRunByTheDroverCommandIsNamed() {
    vm.remote = OptionalLong.of(4242);
    var model = new VmControlViewModel(vm, Background.sameThread());

    model.start();

    assertThat(model.ownerProperty().get()).isEqualTo("Run by the drover command (pid 4242)");
  }

  @Test
  void aBurstOfStatusesIsOneUiUpdateShowingTheNewest() {
    var posted = new ArrayList<Runnable>();
    UiDispatcher queued = posted::add;
    var model = new VmControlViewModel(vm, new Background(Runnable::run, queued));
    posted.forEach(Runnable::run);
    posted.clear();

    vm.send(new VmStatus.Starting("booting Linux (tcg)"));
    vm.send(new VmStatus.Starting("starting containerd"));
    vm.send(new VmStatus.Starting("starting dockerd (mutual TLS on port 2376)"));
    vm.send(running());

    assertThat(posted).hasSize(1);
    assertThat(model.stateProperty().get()).isEqualTo(VmControlViewModel.State.STOPPED);
    posted.getFirst().run();
    assertThat(model.stateProperty().get()).isEqualTo(VmControlViewModel.State.RUNNING);
  }
}
