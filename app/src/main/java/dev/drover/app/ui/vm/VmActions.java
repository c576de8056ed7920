package dev.drover.app.ui.vm;

import dev.drover.vm.VmException;
import dev.drover.vm.VmListener;
import dev.drover.vm.instance.SharedVm;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/** What the VM pages can ask of the VM; {@link #of} is the app's one, a test passes a fake. */
public interface VmActions {

  void start() throws VmException;

  void stop(Duration grace) throws VmException;

  void restart(Duration grace) throws VmException;

  /** Stops and removes the VM with its disk. */
  void delete() throws VmException;

  AutoCloseable subscribe(VmListener listener);

  /** The other process (the drover command) running the VM, when not this app. */
  OptionalLong remoteOwner();

  /**
   * The containers' published ports the VM could not forward to this computer, each with its
   * container and why. Blocks briefly.
   */
  default List<String> portsNotForwarded() {
    return List.of();
  }

  static VmActions of(SharedVm vm) {
    return new VmActions() {
      @Override
      public void start() throws VmException {
        vm.start();
      }

      @Override
      public void stop(Duration grace) throws VmException {
        vm.stop(grace);
      }

      @Override
      public void restart(Duration grace) throws VmException {
        vm.restart(grace);
      }

      @Override
      public void delete() throws VmException {
        vm.delete();
      }

      @Override
      public AutoCloseable subscribe(VmListener listener) {
        return vm.subscribe(listener);
      }

      @Override
      public OptionalLong remoteOwner() {
        return vm.remoteOwner();
      }

      @Override
      public List<String> portsNotForwarded() {
        return vm.portsNotForwarded();
      }
    };
  }
}
