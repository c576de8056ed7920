package dev.drover.vm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.DriverKind;
import dev.drover.vm.ForwardsGuestPorts;
import dev.drover.vm.VmCapabilities;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmException;
import dev.drover.vm.VmFile;
import dev.drover.vm.VmFiles;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import dev.drover.vm.agent.HostAgent;
import dev.drover.vm.agent.PortForwarder;
import dev.drover.vm.driver.BootWait;
import dev.drover.vm.driver.DriverSkeleton;
import dev.drover.vm.driver.VmRun;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.guest.GuestPorts;
import dev.drover.vm.network.HostTrustStore;
import dev.drover.vm.process.SystemProcessRunner;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the guest under QEMU: KVM when it really works, HVF on macOS, else TCG emulation. This
 * driver only boots QEMU and stops it (ACPI power-down over QMP); the {@link DriverSkeleton}
 * carries its status and run, and a {@link HostAgent} per boot waits for the engine, watches it and
 * forwards the containers' published ports through QMP ({@link QmpHostForwards}).
 *
 * <p>Per VM, in its machine folder (0700), the files {@link VmFile} names: the qcow2 disk, tls/
 * (see {@link VmCertificates}), the console logs, qemu.log (QEMU's own messages), engine-port (the
 * engine's host port, kept across boots, see {@link EnginePort}), the pid file, the owner's QMP
 * socket, the control socket for other processes (see {@link QmpGuestPorts}) and the guest's shell
 * socket. Starting also writes the Docker context named after the VM, pointing at the forwarded
 * engine port.
 */
public final class QemuDriver implements VmDriver, ForwardsGuestPorts {

  private static final Logger LOG = LoggerFactory.getLogger(QemuDriver.class);
  private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);

  private final Path qemu;
  private final GuestImage image;
  private final DockerContextWriter contexts;
  private final AcceleratorProbe probe;
  private final QemuMachine machine;
  private final BootWait bootWait;
  private final DriverSkeleton<Boot> skeleton;

  /**
   * @param qemu qemu-system-x86_64
   * @param qemuImg qemu-img, which creates and grows the data disk
   * @param stateRoot folder holding one subfolder per VM
   * @param contexts where the Docker context for the VM is written
   * @param bootTimeout how long the engine may take to answer after QEMU started (minutes under
   *     TCG)
   */
  public QemuDriver(
      Path qemu,
      Path qemuImg,
      GuestImage image,
      Path stateRoot,
      DockerContextWriter contexts,
      AcceleratorProbe probe,
      Duration bootTimeout) {
    this.qemu = qemu;
    this.image = image;
    this.contexts = contexts;
    this.probe = probe;
    this.machine = new QemuMachine(qemu, probe, qemuImg, image, contexts, this::notice);
    this.bootWait = new BootWait(bootTimeout, Duration.ofMillis(250));
    this.skeleton =
        new DriverSkeleton<>(
            stateRoot,
            new DriverSkeleton.Shutdown(
                "QEMU", true, code -> QemuMachine.unexpectedExit(folder(), code)),
            this::consoleTail);
  }

  /** Finds the QEMU system emulator for {@code arch} (e.g. qemu-system-aarch64) and qemu-img. */
  public static Optional<Path[]> findQemu(Map<String, String> environment, GuestArch arch) {
    return QemuInstallation.find(environment, arch, System.getProperty("os.name"));
  }

  @Override
  public VmCapabilities capabilities() {
    var missing =
        Files.isExecutable(qemu)
            ? image.missing()
            : Optional.of(
                "QEMU is not installed ("
                    + qemu
                    + "); "
                    + QemuInstallation.installHint(image.arch(), probe.osName()));
    var accelerator = missing.isPresent() ? "none" : acceleration().accelerator().qemuName();
    return new VmCapabilities(
        DriverKind.QEMU,
        missing,
        accelerator,
        Set.of(VmConfig.Engine.MOBY, VmConfig.Engine.CONTAINERD),
        true,
        true);
  }

  /** Which accelerator boots use and why; probed once. */
  public AcceleratorProbe.Result acceleration() {
    return machine.acceleration();
  }

  @Override
  public void configure(VmConfig config) {
    skeleton.configure(config);
  }

  public VmConfig config() {
    return skeleton.config();
  }

  /** The VM's state folder. */
  public Path folder() {
    return skeleton.folder();
  }

  public Path consoleLog() {
    return skeleton.file(VmFile.CONSOLE_LOG);
  }

  public VmCertificates certificates() {
    return skeleton.certificates();
  }

  @Override
  public void create() throws VmException {
    try {
      machine.create(config(), folder(), certificates());
    } catch (IOException e) {
      throw new VmException(
          "Could not prepare the VM in "
              + folder()
              + ": "
              + e.getMessage()
              + ". Check that the folder is writable and the disk has space.",
          e);
    }
  }

  @Override
  public void start() throws VmException {
    skeleton.start(
        () -> skeleton.cannotRun(capabilities()),
        "QEMU could not be started",
        this::launch,
        this::awaitEngine);
  }

  private VmRun<Boot> launch() throws IOException, VmException {
    var config = config();
    create();
    var network =
        config
            .network()
            .forGuest(System.getenv(), HostTrustStore.forThisComputer(new SystemProcessRunner()));
    skeleton.keepPreviousConsole();
    var launched = machine.launch(config, folder(), certificates(), network);
    var console = new ConsoleLog(consoleLog(), skeleton::consoleLine);
    var boot =
        new Boot(launched.command().qmpSocket(), launched.endpoint(), config.engine(), console);
    var run =
        new VmRun<>(
            SystemProcessRunner.running(launched.process()),
            boot,
            "booting Linux (" + acceleration().accelerator().qemuName() + ")");
    run.closeAtEnd(console);
    return run;
  }

  /** ACPI power-down over QMP; QEMU is ended when the guest does not power down in time. */
  @Override
  public void stop(Duration grace) throws VmException {
    skeleton.stop(
        grace,
        run -> {
          var qmp = run.state().qmp;
          if (qmp != null && run.process().isAlive()) {
            try {
              qmp.execute("system_powerdown", null, QMP_TIMEOUT);
            } catch (IOException e) {
              LOG.info("ACPI power-down could not be sent ({}); ending QEMU", e.getMessage());
            }
          }
        });
  }

  @Override
  public void delete() throws VmException {
    stop(Duration.ofSeconds(30));
    skeleton.removeFiles(contexts);
  }

  @Override
  public VmStatus status() {
    return skeleton.status();
  }

  @Override
  public AutoCloseable subscribe(VmListener listener) {
    return skeleton.subscribe(listener);
  }

  /**
   * Run-time forwards of fixed guest ports (the k3s API) to the host's loopback, through this
   * owner's QMP connection like the containers' published ports. Forwards live in QEMU: they end
   * with the boot or when removed, not with this object; each call needs a running VM. Other
   * processes use {@link QmpGuestPorts#overControlSocket} on {@link #folder()}.
   */
  @Override
  public GuestPorts guestPorts() {
    return new QmpGuestPorts(commandLine -> runningQmp().human(commandLine, QMP_TIMEOUT));
  }

  private Qmp runningQmp() throws IOException {
    var qmp = skeleton.current().map(run -> run.state().qmp);
    var status = status();
    if (qmp.isEmpty()
        || !(status instanceof VmStatus.Running || status instanceof VmStatus.Degraded))
      throw new IOException("the VM is not running");
    return qmp.get();
  }

  @Override
  public List<String> portsNotForwarded() {
    return skeleton
        .current()
        .map(run -> run.state().agent)
        .map(HostAgent::portsNotForwarded)
        .orElse(List.of());
  }

  /** The last lines of the guest console of the current or last boot. */
  public List<String> consoleTail(int lines) {
    var current = skeleton.current();
    if (current.isPresent()) return current.get().state().console.tail(lines);
    try (var console = new ConsoleLog(consoleLog(), line -> {})) {
      return console.tail(lines);
    }
  }

  /**
   * Stops the VM (QEMU is this driver's child and must not outlive the app) and the event thread.
   */
  @Override
  public void close() {
    skeleton.close(() -> stop(Duration.ofSeconds(30)));
  }

  /**
   * Waits for QMP, then hands the boot to a host agent, which waits for the engine's first answer,
   * watches it and forwards ports; QEMU is ended when that fails.
   */
  private void awaitEngine(VmRun<Boot> run) {
    var boot = run.state();
    try {
      var qmp = Qmp.connect(boot.qmpSocket, Duration.ofSeconds(30), this::qmpEvent);
      boot.qmp = qmp;
      run.closeAtEnd(qmp);
      // QEMU made its sockets (QMP, control, shell) before it answered QMP, with its umask's mode
      for (var socket :
          List.of(VmFile.QMP_SOCKET, VmFile.QMP_CONTROL_SOCKET, VmFile.SHELL_SOCKET)) {
        VmFiles.userOnly(skeleton.file(socket));
      }
      Optional<PortForwarder.Forwards> forwards = Optional.empty();
      if (boot.engine == VmConfig.Engine.MOBY) {
        var hostForwards = new QmpHostForwards(commandLine -> qmp.human(commandLine, QMP_TIMEOUT));
        run.closeAtEnd(hostForwards);
        forwards = Optional.of(hostForwards);
      }
      var agent =
          new HostAgent(
              boot.endpoint,
              boot.engine,
              bootWait,
              (now, next) -> skeleton.publishIf(run, now, next),
              forwards,
              skeleton::notice);
      boot.agent = agent;
      run.closeAtEnd(agent);
      if (agent.serve(run) instanceof BootWait.Outcome.GaveUp gaveUp) {
        giveUp(
            run,
            gaveUp.faultOnThisSide()
                ? cannotUse(gaveUp.lastFailure())
                : bootWait.timeoutMessage("in the VM", gaveUp.lastFailure()));
      }
    } catch (RuntimeException e) {
      giveUp(run, cannotUse(e.getMessage()));
    } catch (IOException e) {
      giveUp(
          run,
          "Drover lost control of QEMU: " + e.getMessage() + ". The VM was ended; start it again.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String cannotUse(String why) {
    return "Drover could not use the VM's engine: "
        + why
        + ". A factory reset makes new certificates.";
  }

  /** The boot failed: QEMU is ended and the reason kept for the Error. */
  private void giveUp(VmRun<Boot> run, String reason) {
    skeleton.fail(run, reason);
    run.process().destroy(true);
  }

  private void qmpEvent(JsonNode event) {
    var name = event.path("event").asText();
    if (name.equals("SHUTDOWN") || name.equals("POWERDOWN")) LOG.info("QEMU event {}", name);
  }

  private void notice(VmNotice notice) {
    skeleton.notice(notice);
  }

  /** Drover's pieces of one run of QEMU. */
  private static final class Boot {
    final Path qmpSocket;
    final EngineEndpoint endpoint;
    final VmConfig.Engine engine;
    final ConsoleLog console;
    volatile Qmp qmp;
    volatile HostAgent agent;

    Boot(Path qmpSocket, EngineEndpoint endpoint, VmConfig.Engine engine, ConsoleLog console) {
      this.qmpSocket = qmpSocket;
      this.endpoint = endpoint;
      this.engine = engine;
      this.console = console;
    }
  }
}
