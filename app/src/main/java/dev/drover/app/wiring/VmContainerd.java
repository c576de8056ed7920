package dev.drover.app.wiring;

import dev.drover.app.ui.containerd.ContainerdSource;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The VM's containerd for the containerd page: a client while the VM is Running with the containerd
 * engine (and while it is Degraded, since containerd comes back by itself), none otherwise. Owns
 * the client: opens it when the VM's containerd answers, closes it when the VM leaves. Fed by the
 * VM's statuses.
 */
final class VmContainerd implements ContainerdSource, VmListener, AutoCloseable {

  private final Function<EngineEndpoint, ContainerdEngine> clients;
  private final Supplier<VmConfig.Engine> chosenEngine;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private EngineEndpoint endpoint;
  private ContainerdEngine client;
  private volatile Optional<ContainerdEngine> current = Optional.empty();
  private volatile Absence absence;

  /**
   * @param clients opens a client (connecting lazily, so cheap) for the VM's containerd endpoint
   * @param chosenEngine the engine chosen in Settings, which the VM runs from its next start
   */
  VmContainerd(
      Function<EngineEndpoint, ContainerdEngine> clients, Supplier<VmConfig.Engine> chosenEngine) {
    this.clients = clients;
    this.chosenEngine = chosenEngine;
    this.absence = absenceWhenStopped();
  }

  @Override
  public Optional<ContainerdEngine> current() {
    return current;
  }

  @Override
  public Absence absence() {
    return absence;
  }

  @Override
  public AutoCloseable subscribe(Runnable changed) {
    listeners.add(changed);
    return () -> listeners.remove(changed);
  }

  @Override
  public void status(VmStatus status) {
    ContainerdEngine retired = null;
    boolean changed;
    synchronized (lock) {
      var before = current;
      var beforeAbsence = absence;
      switch (status) {
        case VmStatus.Running running when !running.speaksDockerApi() -> {
          if (!running.engine().equals(endpoint)) {
            retired = client;
            endpoint = running.engine();
            client = clients.apply(endpoint);
          }
        }
        case VmStatus.Degraded degraded -> {
          // containerd restarts by itself in the guest; the page says it stopped answering
          // meanwhile
        }
        case VmStatus.Running running -> {
          retired = forget();
          absence = Absence.VM_RUNS_MOBY;
        }
        default -> {
          retired = forget();
          absence = absenceWhenStopped();
        }
      }
      current = Optional.ofNullable(client);
      changed = !before.equals(current) || beforeAbsence != absence;
    }
    if (retired != null) retired.close();
    if (changed) listeners.forEach(Runnable::run);
  }

  private ContainerdEngine forget() {
    var retired = client;
    client = null;
    endpoint = null;
    return retired;
  }

  private Absence absenceWhenStopped() {
    // A stopped VM that would run dockerd is no VM in use: the page must not speak of it as
    // running.
    return chosenEngine.get() == VmConfig.Engine.CONTAINERD
        ? Absence.VM_NOT_RUNNING
        : Absence.NO_VM;
  }

  @Override
  public void close() {
    ContainerdEngine retired;
    synchronized (lock) {
      retired = forget();
      current = Optional.empty();
    }
    if (retired != null) retired.close();
  }
}
