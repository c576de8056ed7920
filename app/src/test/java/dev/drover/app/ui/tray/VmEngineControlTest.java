package dev.drover.app.ui.tray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.shell.NoticesViewModel;
import dev.drover.app.ui.shell.Page;
import dev.drover.app.ui.vm.VmActions;
import dev.drover.vm.VmException;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class VmEngineControlTest {

  /**
   * The shared VM as the tray sees it: records the commands; the test sends statuses and sets the
   * owner.
   */
  private static final class FakeVm implements VmActions {
    final List<String> commands = new ArrayList<>();
    final List<VmListener> listeners = new CopyOnWriteArrayList<>();
    OptionalLong remote = OptionalLong.empty();
    String failure;

    void send(VmStatus status) {
      listeners.forEach(l -> l.status(status));
    }

    private void command(String name) throws VmException {
      commands.add(name);
      if (failure != null) throw new VmException(failure);
    }

    @Override
    public void start() throws VmException {
      command("start");
    }

    @Override
    public void stop(Duration grace) throws VmException {
      command("stop " + grace.toSeconds() + "s");
    }

    @Override
    public void restart(Duration grace) throws VmException {
      command("restart " + grace.toSeconds() + "s");
    }

    @Override
    public void delete() throws VmException {
      command("delete");
    }

    @Override
    public AutoCloseable subscribe(VmListener listener) {
      listeners.add(listener);
      listener.status(new VmStatus.Stopped());
      return () -> listeners.remove(listener);
    }

    @Override
    public OptionalLong remoteOwner() {
      return remote;
    }
  }

  private final FakeVm vm = new FakeVm();

  @Test
  void trayStartsStopsAndRestartsTheVmWithTheVmPagesGrace() throws Exception {
    var control = new VmEngineControl(vm);

    control.start();
    control.restart();
    control.stop();

    assertThat(vm.commands).containsExactly("start", "restart 30s", "stop 30s");
  }

  @Test
  void droverOwnsTheEngineWhenTheAppRunsTheVm() {
    var control = new VmEngineControl(vm);

    assertThat(control.ownsEngine()).isTrue();
  }

  @Test
  void vmOwnedByTheDroverCommandIsNotStoppedOnQuit() {
    vm.remote = OptionalLong.of(4242);
    var control = new VmEngineControl(vm);

    assertThat(control.ownsEngine()).as("Quit leaves a VM the drover command runs").isFalse();

    vm.remote = OptionalLong.empty(); // the command's owner ended and the app took over
    vm.send(new VmStatus.Starting("booting the kernel"));
    assertThat(control.ownsEngine()).isTrue();
  }

  @Test
  void vmFailureReachesTheTrayAsTheVmsMessage() {
    vm.failure = "QEMU is not installed; install the qemu-system-x86 package";
    var control = new VmEngineControl(vm);

    assertThatThrownBy(control::start)
        .isInstanceOf(VmException.class)
        .hasMessage("QEMU is not installed; install the qemu-system-x86 package");
  }

  @Test
  void closingStopsFollowingTheVm() throws Exception {
    var control = new VmEngineControl(vm);

    control.close();

    assertThat(vm.listeners).isEmpty();
  }

  @Test
  void quitThroughTheTrayStopsAnAppOwnedVmBeforeExiting() {
    var control = new VmEngineControl(vm);
    var exited = new ArrayList<String>();
    var tray =
        new TrayViewModel(
            Background.sameThread(),
            control,
            KubernetesControl.notAvailable(),
            () -> 0,
            running -> true,
            new TrayViewModel.App() {
              @Override
              public void show(Page page) {}

              @Override
              public void exit() {
                exited.add("exit after " + vm.commands);
              }
            },
            new NoticesViewModel());

    tray.quit();

    assertThat(exited).containsExactly("exit after [stop 30s]");
  }
}
