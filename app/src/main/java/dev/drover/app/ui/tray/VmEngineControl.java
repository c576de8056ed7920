package dev.drover.app.ui.tray;

import dev.drover.app.ui.vm.VmActions;
import dev.drover.vm.VmException;
import java.time.Duration;

/**
 * The tray's engine control when Drover runs its engine in its VM: start, stop and restart go
 * through the same {@link VmActions} as the VM's buttons in the window, so both always act on the
 * one shared VM.
 *
 * <p>Drover owns the engine unless the {@code drover} command's process owns the VM: then the tray
 * must not stop it on Quit (the VM outlives the window, as the command's user asked).
 */
public final class VmEngineControl implements EngineControl, AutoCloseable {

  /** As long as the VM page's Stop waits for a clean power-down before the VM is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final VmActions vm;
  private final AutoCloseable subscription;
  private volatile boolean ownedElsewhere;

  public VmEngineControl(VmActions vm) {
    this.vm = vm;
    // The owner is looked up when the VM's status changes, on the VM's thread, not when the tray
    // asks.
    this.subscription = vm.subscribe(status -> ownedElsewhere = vm.remoteOwner().isPresent());
  }

  @Override
  public boolean ownsEngine() {
    return !ownedElsewhere;
  }

  @Override
  public void start() throws VmException {
    vm.start();
  }

  @Override
  public void stop() throws VmException {
    vm.stop(STOP_GRACE);
  }

  @Override
  public void restart() throws VmException {
    vm.restart(STOP_GRACE);
  }

  @Override
  public void close() throws Exception {
    subscription.close();
  }
}
