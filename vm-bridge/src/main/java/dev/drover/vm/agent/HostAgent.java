package dev.drover.vm.agent;

import com.github.dockerjava.api.exception.DockerClientException;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import dev.drover.engine.EngineException;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.engine.EngineWatcher;
import dev.drover.engine.containerd.ContainerdClients;
import dev.drover.engine.containerd.ContainerdEngine;
import dev.drover.engine.containerd.ContainerdListener;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import dev.drover.vm.driver.BootWait;
import dev.drover.vm.driver.VmRun;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of one running VM, in the shape of Lima's host agent: it waits for the guest's
 * engine to answer, says Running, then watches the engine (Running ⇄ Degraded) and forwards the
 * ports its containers publish. The driver only boots and stops the VM. One agent per run, closed
 * when the run ends.
 *
 * <p>With containerd alone, Running ⇄ Degraded follows containerd's event stream, and published
 * ports are not forwarded (nerdctl publishes them inside the guest).
 */
public final class HostAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);

  /** Where the agent's statuses go. */
  @FunctionalInterface
  public interface Statuses {
    /**
     * Publishes {@code next} when the status now matches {@code now} and the run is still the
     * driver's current one, not asked to stop; says whether it did.
     */
    boolean publishIf(Predicate<VmStatus> now, VmStatus next);
  }

  private final EngineEndpoint endpoint;
  private final VmConfig.Engine engine;
  private final BootWait bootWait;
  private final Statuses statuses;
  private final Optional<PortForwarder.Forwards> forwards;
  private final Consumer<VmNotice> notices;
  private volatile EngineWatcher watcher;
  private volatile PortForwarder forwarder;
  private volatile ContainerdEngine containerd;
  private volatile AutoCloseable containerdEvents;

  /**
   * @param forwards the hypervisor's run-time port forwards; empty when it forwards none itself
   * @param notices where port conflicts are told
   */
  public HostAgent(
      EngineEndpoint endpoint,
      VmConfig.Engine engine,
      BootWait bootWait,
      Statuses statuses,
      Optional<PortForwarder.Forwards> forwards,
      Consumer<VmNotice> notices) {
    this.endpoint = endpoint;
    this.engine = engine;
    this.bootWait = bootWait;
    this.statuses = statuses;
    this.forwards = forwards;
    this.notices = notices;
  }

  /**
   * Waits for the engine's first answer while {@code run} is active, then publishes Running and
   * keeps watching the engine until {@link #close}. Returns how the wait ended; a give-up is the
   * driver's to act on.
   *
   * @throws RuntimeException when this side cannot talk to the engine at all (its certificates…)
   */
  public BootWait.Outcome serve(VmRun<?> run) throws IOException, InterruptedException {
    return engine == VmConfig.Engine.CONTAINERD ? serveContainerd(run) : serveDocker(run);
  }

  private BootWait.Outcome serveDocker(VmRun<?> run) throws IOException, InterruptedException {
    BootWait.Outcome outcome;
    // One client for all attempts: building one (TLS context, key parsing) costs CPU the booting
    // guest needs.
    try (var client = DockerClients.open(endpoint, Duration.ofSeconds(5))) {
      outcome =
          bootWait.await(
              run,
              "no answer yet",
              () -> {
                try {
                  client.pingCmd().exec();
                  return BootWait.Attempt.answered();
                } catch (DockerClientException e) {
                  return BootWait.Attempt.cannotWork(e.getMessage());
                } catch (RuntimeException e) {
                  return BootWait.Attempt.failed(e.getMessage());
                }
              });
    }
    if (!(outcome instanceof BootWait.Outcome.Answered)) return outcome;
    var engineWatcher = new EngineWatcher(() -> endpoint);
    forwards.ifPresent(
        hypervisor -> {
          forwarder = new PortForwarder(hypervisor, notices);
          engineWatcher.subscribe(forwarder);
        });
    engineWatcher.subscribe(new EngineHealth());
    watcher = engineWatcher;
    if (!statuses.publishIf(now -> true, new VmStatus.Running(endpoint))) {
      engineWatcher.close();
      return new BootWait.Outcome.Ended();
    }
    engineWatcher.start();
    return outcome;
  }

  private BootWait.Outcome serveContainerd(VmRun<?> run) throws InterruptedException {
    var client = ContainerdClients.openInVm(endpoint);
    var owned = false;
    try {
      var outcome =
          bootWait.await(
              run,
              "no answer yet",
              () -> {
                try {
                  client.version();
                  return BootWait.Attempt.answered();
                } catch (EngineException e) {
                  return BootWait.Attempt.failed(e.getMessage());
                }
              });
      if (outcome instanceof BootWait.Outcome.Answered
          && run.process().isAlive()
          && statuses.publishIf(
              now -> true, new VmStatus.Running(endpoint, VmConfig.Engine.CONTAINERD))) {
        containerd = client;
        owned = true; // closed with the agent
        containerdEvents = client.subscribe(new ContainerdHealth());
      }
      return outcome;
    } finally {
      if (!owned) client.close();
    }
  }

  /** The containers' published ports that could not be forwarded, each with why. */
  public List<String> portsNotForwarded() {
    var ports = forwarder;
    return ports == null ? List.of() : ports.notForwarded();
  }

  /**
   * Running ⇄ Degraded, for either engine: Degraded when the engine stops answering while Running,
   * Running (with the same endpoint) when it answers again while Degraded; nothing after a stop was
   * asked for or a new run.
   */
  void engineAnswers(boolean answers, String reason) {
    if (answers) {
      statuses.publishIf(
          now -> now instanceof VmStatus.Degraded, new VmStatus.Running(endpoint, engine));
    } else {
      statuses.publishIf(
          now -> now instanceof VmStatus.Running,
          new VmStatus.Degraded(
              "the VM runs but "
                  + (engine == VmConfig.Engine.CONTAINERD ? "containerd" : "its engine")
                  + " stopped answering: "
                  + reason));
    }
  }

  /** Stops watching the engine; the hypervisor's forwards end with the VM. */
  @Override
  public void close() {
    var engineWatcher = watcher;
    if (engineWatcher != null) engineWatcher.close();
    try {
      var events = containerdEvents;
      if (events != null) events.close();
    } catch (Exception e) {
      LOG.debug("closing containerd's event stream: {}", e.getMessage());
    }
    var client = containerd;
    if (client != null) client.close();
  }

  /** containerd's event stream open or broken. */
  private final class ContainerdHealth implements ContainerdListener {
    @Override
    public void changed(String namespace, String topic) {}

    @Override
    public void disconnected(String reason) {
      engineAnswers(false, reason);
    }

    @Override
    public void connected() {
      engineAnswers(true, "");
    }
  }

  /** dockerd's event stream connected or unreachable. */
  private final class EngineHealth implements EngineListener {
    @Override
    public void statusChanged(EngineStatus status) {
      switch (status) {
        case EngineStatus.Connected connected -> engineAnswers(true, "");
        case EngineStatus.Unreachable unreachable -> engineAnswers(false, unreachable.reason());
        default -> {}
      }
    }

    @Override
    public void containersChanged(ContainerUpdate update) {}
  }
}
