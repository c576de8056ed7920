package dev.drover.vm;

import dev.drover.engine.EngineEndpoint;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Which engine the app talks to, following Drover's VM.
 *
 * <p>The rule, as in Docker Desktop (whose VM's engine is the default):
 *
 * <ol>
 *   <li>an engine named in Drover's Settings always wins: it is the user's explicit override, and
 *       the VM starting or stopping does not move the app away from it;
 *   <li>else, while Drover's VM is Running (owned by this app or by the {@code drover} command)
 *       with dockerd, its engine, over mutual TLS with the VM's client certificate folder; a
 *       Degraded VM keeps it, since its engine comes back by itself (a VM running containerd alone
 *       offers no Docker API, so it is not chosen);
 *   <li>else the user's engine by the Docker CLI's rules (DOCKER_HOST, the current context, the
 *       platform default).
 * </ol>
 *
 * Subscribed to the VM's statuses; each time the choice changes it tells its switch listeners (the
 * engine watcher reconnects), so the app never keeps watching an engine it no longer uses.
 */
public final class EngineSelection implements Supplier<EngineEndpoint>, VmListener {

  private final Supplier<EngineEndpoint> userEngine;
  private final boolean userChoseEngine;
  private final List<Runnable> switchListeners = new CopyOnWriteArrayList<>();
  private volatile EngineEndpoint vmEngine;

  /**
   * @param userEngine the engine named in Settings, or the Docker CLI's choice; resolved on every
   *     call
   * @param userChoseEngine whether Settings name an engine, which then wins over the VM
   */
  public EngineSelection(Supplier<EngineEndpoint> userEngine, boolean userChoseEngine) {
    this.userEngine = userEngine;
    this.userChoseEngine = userChoseEngine;
  }

  /**
   * Called (on the VM's thread, must not block) whenever the engine {@link #get()} names changes.
   */
  public void onSwitch(Runnable listener) {
    switchListeners.add(listener);
  }

  /** Whether the app talks to Drover's VM now. */
  public boolean followsVm() {
    return !userChoseEngine && vmEngine != null;
  }

  @Override
  public EngineEndpoint get() {
    var vm = vmEngine;
    return userChoseEngine || vm == null ? userEngine.get() : vm;
  }

  @Override
  public void status(VmStatus status) {
    var next =
        switch (status) {
          // containerd's own API is not the Docker API: the Docker panes stay on the user's engine
          // meanwhile
          case VmStatus.Running running ->
              running.speaksDockerApi() ? fromVm(running.engine()) : null;
          case VmStatus.Degraded degraded -> vmEngine;
          default -> null;
        };
    var previous = vmEngine;
    vmEngine = next;
    if (!userChoseEngine && !Objects.equals(previous, next)) switchListeners.forEach(Runnable::run);
  }

  /** The drivers report the endpoint as given directly; to the user it is the VM's, so say so. */
  private static EngineEndpoint fromVm(EngineEndpoint engine) {
    return new EngineEndpoint(
        engine.name(),
        engine.host(),
        engine.tlsMaterial(),
        engine.tlsVerify(),
        EngineEndpoint.Source.VM);
  }
}
