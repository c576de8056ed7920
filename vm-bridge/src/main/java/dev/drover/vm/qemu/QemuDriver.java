package dev.drover.vm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmCapabilities;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmException;
import dev.drover.vm.VmFiles;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.guest.GuestPorts;
import dev.drover.vm.network.GuestNetwork;
import dev.drover.vm.network.HostTrustStore;
import dev.drover.vm.process.ProcessMemory;
import dev.drover.vm.process.SystemProcessRunner;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the guest under QEMU: KVM when it really works, HVF on macOS, else TCG emulation. QEMU is
 * controlled through QMP (ACPI power-down, run-time port forwards); the guest's serial console goes
 * to a file.
 *
 * <p>Per VM, under {@code stateRoot/<name>} (0700): data.qcow2 (the persistent disk), tls/ (see
 * {@link VmCertificates}), console.log (and console.previous.log), qemu.log (QEMU's own messages),
 * engine-port (the engine's host port, kept across boots, see {@link EnginePort}), qmp.sock (the
 * owner's QMP), qmp-control.sock (QMP for other processes, see {@link QmpGuestPorts}) and
 * shell.sock (the guest's root shell, see {@link GuestConsole}). Starting also writes the Docker
 * context named after the VM, pointing at the forwarded engine port.
 */
public final class QemuDriver implements VmDriver {

  private static final Logger LOG = LoggerFactory.getLogger(QemuDriver.class);
  private static final int CONSOLE_LINES_IN_ERRORS = 20;
  private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);

  private final Path qemu;
  private final Path qemuImg;
  private final GuestImage image;
  private final Path stateRoot;
  private final DockerContextWriter contexts;
  private final AcceleratorProbe probe;
  private final Duration bootTimeout;
  private final List<VmListener> listeners = new CopyOnWriteArrayList<>();

  /** Events leave on one thread, in order, never on the caller's. */
  private final ExecutorService delivery =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("vm-events").factory());

  private final Object lock = new Object();

  private volatile VmConfig config = VmConfig.defaults("drover");
  private volatile VmStatus status = new VmStatus.Stopped();
  private volatile AcceleratorProbe.Result acceleration;

  /** The current boot; null while nothing runs. Guarded by {@link #lock}. */
  private Boot boot;

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
    this.qemuImg = qemuImg;
    this.image = image;
    this.stateRoot = stateRoot;
    this.contexts = contexts;
    this.probe = probe;
    this.bootTimeout = bootTimeout;
  }

  /**
   * Where Homebrew (Apple Silicon, then Intel) and MacPorts install QEMU on macOS. An app started
   * from Finder or the Dock gets launchd's PATH (/usr/bin:/bin:/usr/sbin:/sbin), which has none of
   * them.
   */
  public static final List<String> MAC_QEMU_FOLDERS =
      List.of("/opt/homebrew/bin", "/usr/local/bin", "/opt/local/bin");

  /** Finds the QEMU system emulator for {@code arch} (e.g. qemu-system-aarch64) and qemu-img. */
  public static Optional<Path[]> findQemu(Map<String, String> environment, GuestArch arch) {
    return findQemu(environment, arch, System.getProperty("os.name"));
  }

  /**
   * Finds QEMU in the folders {@link #qemuFolders} names for this environment and operating system.
   */
  public static Optional<Path[]> findQemu(
      Map<String, String> environment, GuestArch arch, String osName) {
    Path system = null;
    Path img = null;
    for (var dir : qemuFolders(environment, osName)) {
      var candidate = Path.of(dir, arch.qemuSystem());
      if (system == null && Files.isExecutable(candidate)) system = candidate;
      var imgCandidate = Path.of(dir, "qemu-img");
      if (img == null && Files.isExecutable(imgCandidate)) img = imgCandidate;
    }
    return system != null && img != null ? Optional.of(new Path[] {system, img}) : Optional.empty();
  }

  /** The PATH's folders, and on macOS then Homebrew's and MacPorts' ({@link #MAC_QEMU_FOLDERS}). */
  public static List<String> qemuFolders(Map<String, String> environment, String osName) {
    var folders = new java.util.LinkedHashSet<String>();
    for (var dir :
        environment.getOrDefault("PATH", "/usr/bin:/bin").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty()) folders.add(dir);
    }
    if (isMac(osName)) folders.addAll(MAC_QEMU_FOLDERS);
    return List.copyOf(folders);
  }

  private static boolean isMac(String osName) {
    var os = osName.toLowerCase(java.util.Locale.ROOT);
    return os.contains("mac") || os.contains("darwin");
  }

  /** How to install QEMU for {@code arch} on this operating system. */
  public static String installHint(GuestArch arch, String osName) {
    if (isMac(osName)) {
      return "install it with Homebrew (`brew install qemu`) or MacPorts (`sudo port install"
          + " qemu`); Drover finds it in "
          + String.join(", ", MAC_QEMU_FOLDERS)
          + " even when started from Finder";
    }
    return "install it, e.g. `apt-get install " + arch.qemuPackage() + " qemu-utils`";
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
                    + installHint(image.arch(), probe.osName()));
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
    var result = acceleration;
    if (result == null) {
      synchronized (this) {
        if (acceleration == null) {
          acceleration = probe.probe();
          LOG.info(
              "QEMU accelerator: {} ({})", acceleration.accelerator(), acceleration.explanation());
        }
        result = acceleration;
      }
    }
    return result;
  }

  @Override
  public void configure(VmConfig config) {
    this.config = config;
  }

  public VmConfig config() {
    return config;
  }

  /** The VM's state folder. */
  public Path folder() {
    return stateRoot.resolve(config.name());
  }

  public Path consoleLog() {
    return folder().resolve("console.log");
  }

  public VmCertificates certificates() {
    return new VmCertificates(folder().resolve("tls"));
  }

  @Override
  public void create() throws VmException {
    var folder = folder();
    try {
      Files.createDirectories(folder);
      if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      }
      certificates().ensure(config.name());
      var disk = folder.resolve("data.qcow2");
      var wanted = (long) config.diskGib() << 30;
      if (!Files.exists(disk)) {
        run(
            List.of(
                qemuImg.toString(),
                "create",
                "-q",
                "-f",
                "qcow2",
                disk.toString(),
                Long.toString(wanted)),
            "create the data disk");
      } else if (virtualSize(disk) < wanted) {
        // the guest grows its file system to the disk at boot (resize2fs)
        run(
            List.of(qemuImg.toString(), "resize", "-q", disk.toString(), Long.toString(wanted)),
            "grow the data disk");
      }
    } catch (IOException e) {
      throw new VmException(
          "Could not prepare the VM in "
              + folder
              + ": "
              + e.getMessage()
              + ". Check that the folder is writable and the disk has space.",
          e);
    }
  }

  @Override
  public void start() throws VmException {
    synchronized (lock) {
      if (boot != null) return; // Starting, Running, Degraded or Stopping: nothing to do
      var capabilities = capabilities();
      if (!capabilities.available() || !capabilities.engines().contains(config.engine())) {
        var reason =
            capabilities
                .unavailableReason()
                .orElse(
                    "The QEMU VM does not offer the "
                        + config.engine()
                        + " engine yet; choose moby in Settings.");
        publish(new VmStatus.Error(reason, List.of()));
        throw new VmException(reason);
      }
      create();
      var folder = folder();
      var certificates = certificates();
      GuestNetwork network;
      try {
        network =
            config
                .network()
                .forGuest(
                    System.getenv(), HostTrustStore.forThisComputer(new SystemProcessRunner()));
      } catch (VmException e) {
        publish(new VmStatus.Error(e.getMessage(), List.of()));
        throw e;
      }
      try {
        var console = folder.resolve("console.log");
        if (Files.exists(console)) {
          Files.move(
              console, folder.resolve("console.previous.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        var qmpSocket = folder.resolve("qmp.sock");
        endOrphan(folder, qmpSocket);
        Files.deleteIfExists(qmpSocket);
        Files.deleteIfExists(folder.resolve(QemuCommand.CONTROL_SOCKET));
        Files.deleteIfExists(folder.resolve(QemuCommand.SHELL_SOCKET));
        var port = EnginePort.choose(folder.resolve("engine-port"));
        var server = certificates.serverFolder();
        var shared = existingSharedFolders();
        var guestFiles = guestFiles(folder, server, network);
        var shareTable = folder.resolve("shares.txt");
        Files.deleteIfExists(shareTable);
        if (!shared.isEmpty()) {
          Files.writeString(shareTable, QemuCommand.shareTable(shared), StandardCharsets.UTF_8);
          guestFiles.add(new QemuCommand.GuestFile("shares", shareTable));
        }
        var command =
            new QemuCommand(
                qemu,
                image.arch(),
                acceleration().accelerator(),
                config.cpus(),
                config.memoryMib(),
                image.kernel(),
                image.initramfs(),
                folder.resolve("data.qcow2"),
                console,
                qmpSocket,
                folder.resolve("qemu.pid"),
                port,
                guestFiles,
                config.engine() == VmConfig.Engine.MOBY ? "moby" : "containerd",
                shared);
        var endpoint =
            new EngineEndpoint(
                config.name(),
                URI.create("tcp://127.0.0.1:" + port),
                Optional.of(certificates.clientFolder()),
                true,
                EngineEndpoint.Source.EXPLICIT);
        if (config.engine() == VmConfig.Engine.MOBY) {
          contexts.write(
              config.name(), endpoint.host(), endpoint.tlsMaterial(), "Drover VM " + config.name());
        } else {
          // the Docker CLI cannot talk to containerd: a context left from a moby boot would point
          // nowhere
          contexts.remove(config.name());
        }
        LOG.info("starting the VM: {}", String.join(" ", command.arguments()));
        var process =
            new ProcessBuilder(command.arguments())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("qemu.log").toFile())
                .start();
        boot = new Boot(process, qmpSocket, endpoint, config.engine(), console);
        publish(
            new VmStatus.Starting(
                "booting Linux (" + acceleration().accelerator().qemuName() + ")"));
        var thisBoot = boot;
        process.onExit().thenRun(() -> ended(thisBoot));
        Thread.ofVirtual().name("vm-boot").start(() -> awaitEngine(thisBoot));
      } catch (IOException e) {
        var reason = "QEMU could not be started: " + e.getMessage();
        publish(new VmStatus.Error(reason, List.of()));
        throw new VmException(reason, e);
      }
    }
  }

  /**
   * The files the guest reads through fw_cfg: its TLS material, and the proxy and extra CA
   * certificates when the user has any. The proxy file may hold a password, so it is written in the
   * user-only VM folder's {@code secrets} folder, which diagnostics leave out; the QEMU command
   * line (logged) names only the file.
   */
  private static List<QemuCommand.GuestFile> guestFiles(
      Path folder, Path server, GuestNetwork network) throws IOException {
    var files = new ArrayList<QemuCommand.GuestFile>();
    files.add(new QemuCommand.GuestFile("ca.pem", server.resolve("ca.pem")));
    files.add(new QemuCommand.GuestFile("server-cert.pem", server.resolve("server-cert.pem")));
    files.add(new QemuCommand.GuestFile("server-key.pem", server.resolve("server-key.pem")));
    var secrets = folder.resolve("secrets");
    var proxy = secrets.resolve("proxy.env");
    var extraCa = secrets.resolve("extra-ca.pem");
    Files.deleteIfExists(proxy);
    Files.deleteIfExists(extraCa);
    var environment = network.proxy().environmentFile();
    if (!environment.isEmpty()) {
      writeUserOnly(proxy, environment);
      files.add(new QemuCommand.GuestFile("proxy.env", proxy));
    }
    if (!network.certificates().isEmpty()) {
      writeUserOnly(extraCa, network.certificates());
      files.add(new QemuCommand.GuestFile("extra-ca.pem", extraCa));
    }
    return files;
  }

  private static void writeUserOnly(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    var posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  @Override
  public void stop(Duration grace) throws VmException {
    Boot current;
    synchronized (lock) {
      current = boot;
      if (current == null) return;
      current.stopRequested.set(true);
      publish(new VmStatus.Stopping());
    }
    var process = current.process;
    try {
      var qmp = current.qmp;
      if (qmp != null && process.isAlive()) {
        try {
          qmp.execute("system_powerdown", null, QMP_TIMEOUT);
        } catch (IOException e) {
          LOG.info("ACPI power-down could not be sent ({}); ending QEMU", e.getMessage());
        }
      }
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the guest did not power down within {} s; ending QEMU", grace.toSeconds());
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new VmException("Stopping the VM was interrupted; QEMU was ended forcibly", e);
    }
    ended(current);
  }

  @Override
  public void delete() throws VmException {
    stop(Duration.ofSeconds(30));
    try {
      contexts.remove(config.name());
      dev.drover.vm.VmFiles.deleteTree(folder());
    } catch (IOException e) {
      throw new VmException(
          "Could not remove the VM's files in " + folder() + ": " + e.getMessage(), e);
    }
    synchronized (lock) {
      if (!(status instanceof VmStatus.Stopped)) publish(new VmStatus.Stopped());
    }
  }

  @Override
  public VmStatus status() {
    return status;
  }

  @Override
  public AutoCloseable subscribe(VmListener listener) {
    synchronized (
        lock) { // statuses are published under the lock: none can slip between these lines
      listeners.add(listener);
      var now = status;
      delivery.execute(() -> listener.status(now));
    }
    return () -> listeners.remove(listener);
  }

  /**
   * Run-time forwards of fixed guest ports (the k3s API) to the host's loopback, through this
   * owner's QMP connection like the containers' published ports. Forwards live in QEMU: they end
   * with the boot or when removed, not with this object; each call needs a running VM. Other
   * processes use {@link QmpGuestPorts#overControlSocket} on {@link #folder()}.
   */
  public GuestPorts guestPorts() {
    return new QmpGuestPorts(commandLine -> runningQmp().human(commandLine, QMP_TIMEOUT));
  }

  private Qmp runningQmp() throws IOException {
    synchronized (lock) {
      if (boot == null
          || boot.qmp == null
          || !(status instanceof VmStatus.Running || status instanceof VmStatus.Degraded)) {
        throw new IOException("the VM is not running");
      }
      return boot.qmp;
    }
  }

  @Override
  public List<String> portsNotForwarded() {
    PortForwarder forwarder;
    synchronized (lock) {
      forwarder = boot == null ? null : boot.forwarder;
    }
    return forwarder == null ? List.of() : forwarder.notForwarded();
  }

  /**
   * What the running VM costs this computer's memory: the resident memory of the QEMU process whose
   * folder (holding qemu.pid) is {@code machineFolder}; empty when none runs. With free page
   * reporting it shrinks again when the guest frees memory.
   */
  public static OptionalLong memoryFootprint(Path machineFolder) {
    try {
      var pid = Long.parseLong(Files.readString(machineFolder.resolve("qemu.pid")).strip());
      var qmpSocket = machineFolder.resolve("qmp.sock").toString();
      var ours =
          ProcessHandle.of(pid)
              .filter(ProcessHandle::isAlive)
              .filter(p -> p.info().commandLine().map(c -> c.contains(qmpSocket)).orElse(true));
      if (ours.isEmpty()) return OptionalLong.empty();
      return ProcessMemory.residentBytes(pid, System.getProperty("os.name"));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The last lines of the guest console of the current or last boot. */
  public List<String> consoleTail(int lines) {
    synchronized (lock) {
      if (boot != null) return boot.console.tail(lines);
    }
    try (var console = new ConsoleLog(consoleLog(), line -> {})) {
      return console.tail(lines);
    }
  }

  /**
   * Stops the VM (QEMU is this driver's child and must not outlive the app) and the event thread.
   */
  @Override
  public void close() {
    try {
      stop(Duration.ofSeconds(30));
    } catch (VmException e) {
      LOG.warn("stopping the VM on close failed: {}", e.getMessage());
    }
    delivery.shutdown();
  }

  /**
   * Waits for QMP and for the engine's first answer, then watches the engine and forwards ports.
   */
  private void awaitEngine(Boot current) {
    try {
      current.qmp =
          Qmp.connect(current.qmpSocket, Duration.ofSeconds(30), event -> qmpEvent(current, event));
      // QEMU made its sockets (QMP, control, shell) before it answered QMP, with its umask's mode
      for (var socket :
          List.of(
              current.qmpSocket,
              current.qmpSocket.resolveSibling(QemuCommand.CONTROL_SOCKET),
              current.qmpSocket.resolveSibling(QemuCommand.SHELL_SOCKET))) {
        VmFiles.userOnly(socket);
      }
      if (current.engine == VmConfig.Engine.CONTAINERD) {
        awaitContainerd(current);
        return;
      }
      var deadline = Instant.now().plus(bootTimeout);
      var lastFailure = "no answer yet";
      // One client for all attempts: building one (TLS context, key parsing) costs CPU the booting
      // guest needs.
      try (var client = DockerClients.open(current.endpoint, Duration.ofSeconds(5))) {
        while (current.process.isAlive() && !current.stopRequested.get()) {
          try {
            client.pingCmd().exec();
            break;
          } catch (com.github.dockerjava.api.exception.DockerClientException e) {
            // a fault on this side (certificates unreadable…): waiting longer cannot help
            lastFailure = e.getMessage();
            deadline = Instant.MIN;
          } catch (RuntimeException e) {
            lastFailure = e.getMessage();
          }
          if (Instant.now().isAfter(deadline)) {
            giveUp(current, lastFailure, deadline == Instant.MIN);
            return;
          }
          Thread.sleep(250);
        }
      }
      if (!current.process.isAlive() || current.stopRequested.get()) return;
      var qmp = current.qmp;
      current.hostForwards =
          new QmpHostForwards(commandLine -> qmp.human(commandLine, QMP_TIMEOUT));
      current.forwarder = new PortForwarder(current.hostForwards, this::notice);
      var watcher = new EngineWatcher(() -> current.endpoint);
      watcher.subscribe(current.forwarder);
      watcher.subscribe(new EngineHealth(current));
      current.watcher = watcher;
      synchronized (lock) {
        if (boot != current || current.stopRequested.get()) {
          watcher.close();
          return;
        }
        publish(new VmStatus.Running(current.endpoint));
      }
      watcher.start();
    } catch (RuntimeException e) {
      synchronized (lock) {
        current.failure =
            "Drover could not use the VM's engine: "
                + e.getMessage()
                + ". A factory reset makes new certificates.";
        current.failureConsole = current.console.tail(CONSOLE_LINES_IN_ERRORS);
      }
      current.process.destroyForcibly();
    } catch (IOException e) {
      synchronized (lock) {
        current.failure =
            "Drover lost control of QEMU: "
                + e.getMessage()
                + ". The VM was ended; start it again.";
        current.failureConsole = current.console.tail(CONSOLE_LINES_IN_ERRORS);
      }
      current.process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The engine did not answer in time, or this side cannot use it: QEMU is ended and the reason
   * kept for the Error.
   */
  private void giveUp(Boot current, String lastFailure, boolean faultOnThisSide) {
    var tail = current.console.tail(CONSOLE_LINES_IN_ERRORS);
    synchronized (lock) {
      current.failure =
          faultOnThisSide
              ? "Drover could not use the VM's engine: "
                  + lastFailure
                  + ". A factory reset makes new certificates."
              : "The engine in the VM did not answer within "
                  + bootTimeout.toSeconds()
                  + " s ("
                  + lastFailure
                  + "). The console's last lines are below; try a restart, or a factory reset.";
      current.failureConsole = tail;
    }
    current.process.destroyForcibly();
  }

  /**
   * containerd alone: Running once its gRPC API answers over mutual TLS; Running ⇄ Degraded then
   * follows its event stream. Published container ports are not forwarded (nerdctl publishes them
   * inside the guest).
   */
  private void awaitContainerd(Boot current) throws InterruptedException {
    var deadline = Instant.now().plus(bootTimeout);
    var lastFailure = "no answer yet";
    var client = ContainerdClients.openInVm(current.endpoint);
    try {
      while (current.process.isAlive() && !current.stopRequested.get()) {
        try {
          client.version();
          break;
        } catch (EngineException e) {
          lastFailure = e.getMessage();
        }
        if (Instant.now().isAfter(deadline)) {
          giveUp(current, lastFailure, false);
          return;
        }
        Thread.sleep(250);
      }
      synchronized (lock) {
        if (boot != current || current.stopRequested.get() || !current.process.isAlive()) return;
        publish(new VmStatus.Running(current.endpoint, VmConfig.Engine.CONTAINERD));
        current.containerd = client;
        current.containerdEvents = client.events(new ContainerdHealth(current));
        client = null; // the boot owns it now; closed when the boot ends
      }
    } finally {
      if (client != null) client.close();
    }
  }

  /**
   * Running ⇄ Degraded, for either engine: Degraded when the engine stops answering while Running,
   * Running (with the same endpoint) when it answers again while Degraded; nothing after a stop was
   * asked for or a new boot.
   */
  private void engineAnswers(Boot current, boolean answers, String reason) {
    synchronized (lock) {
      if (boot != current || current.stopRequested.get()) return;
      if (answers && status instanceof VmStatus.Degraded) {
        publish(new VmStatus.Running(current.endpoint, current.engine));
      } else if (!answers && status instanceof VmStatus.Running) {
        publish(
            new VmStatus.Degraded(
                "the VM runs but "
                    + (current.engine == VmConfig.Engine.CONTAINERD ? "containerd" : "its engine")
                    + " stopped answering: "
                    + reason));
      }
    }
  }

  /** containerd's event stream open or broken. */
  private final class ContainerdHealth implements ContainerdListener {
    private final Boot current;

    ContainerdHealth(Boot current) {
      this.current = current;
    }

    @Override
    public void changed(String namespace, String topic) {}

    @Override
    public void disconnected(String reason) {
      engineAnswers(current, false, reason);
    }

    @Override
    public void connected() {
      engineAnswers(current, true, "");
    }
  }

  /** dockerd's event stream connected or unreachable. */
  private final class EngineHealth implements EngineListener {
    private final Boot current;

    EngineHealth(Boot current) {
      this.current = current;
    }

    @Override
    public void statusChanged(EngineStatus engine) {
      switch (engine) {
        case EngineStatus.Connected connected -> engineAnswers(current, true, "");
        case EngineStatus.Unreachable unreachable ->
            engineAnswers(current, false, unreachable.reason());
        default -> {}
      }
    }

    @Override
    public void containersChanged(ContainerUpdate update) {}
  }

  private void qmpEvent(Boot current, JsonNode event) {
    var name = event.path("event").asText();
    if (name.equals("SHUTDOWN") || name.equals("POWERDOWN")) LOG.info("QEMU event {}", name);
  }

  /**
   * QEMU ended: Stopped when asked for, else Error with the console's last lines. Runs once per
   * boot.
   */
  private void ended(Boot ended) {
    if (!ended.finished.compareAndSet(false, true)) {
      try {
        ended.endPublished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      publishEnd(ended);
    } finally {
      ended.endPublished.countDown();
    }
  }

  private void publishEnd(Boot ended) {
    if (ended.watcher != null) ended.watcher.close();
    if (ended.hostForwards != null) ended.hostForwards.close();
    closeContainerd(ended);
    if (ended.qmp != null) ended.qmp.close();
    var tail = ended.console.tail(CONSOLE_LINES_IN_ERRORS);
    ended.console.close();
    synchronized (lock) {
      if (boot == ended) boot = null;
      if (ended.stopRequested.get() && ended.failure == null) {
        publish(new VmStatus.Stopped());
        return;
      }
      var reason = ended.failure != null ? ended.failure : unexpectedExit(ended);
      publish(
          new VmStatus.Error(reason, ended.failureConsole != null ? ended.failureConsole : tail));
    }
  }

  private String unexpectedExit(Boot ended) {
    var code = ended.process.exitValue();
    var how = code > 128 ? "was killed (signal " + (code - 128) + ")" : "exited with code " + code;
    var qemuSaid = "";
    try {
      var log = folder().resolve("qemu.log");
      if (Files.exists(log)) {
        var lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (!lines.isEmpty())
          qemuSaid =
              " QEMU said: "
                  + String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size()))
                      .strip();
      }
    } catch (IOException ignored) {
      // the console lines still explain it
    }
    return "The VM stopped unexpectedly: QEMU "
        + how
        + "."
        + qemuSaid
        + " Start it again; the console's last lines are below.";
  }

  private void notice(VmNotice notice) {
    LOG.info("VM: {}", notice.message());
    delivery.execute(() -> listeners.forEach(l -> l.notice(notice)));
  }

  /** Must be called with {@link #lock} held, so statuses leave in the order they were decided. */
  private void publish(VmStatus next) {
    status = next;
    LOG.info("VM {}: {}", config.name(), next.describe());
    delivery.execute(() -> listeners.forEach(l -> l.status(next)));
  }

  private void consoleLine(Boot current, String line) {
    if (!line.startsWith("drover-guest: ")) return;
    var message = line.substring("drover-guest: ".length());
    if (message.startsWith("clock re-synced")) {
      notice(
          new VmNotice(
              Instant.now(),
              VmNotice.Kind.CLOCK_SYNCED,
              "the VM's clock was re-synced with this computer's (" + message + ")"));
    } else if (message.startsWith("starting ") || message.startsWith("formatting")) {
      synchronized (lock) {
        if (boot == current && status instanceof VmStatus.Starting)
          publish(new VmStatus.Starting(message));
      }
    }
  }

  /**
   * A QEMU of this VM left running by an earlier Drover that ended without stopping it holds the
   * disk's lock; a second one would fail on it. It has no owner any more, so it is ended (its guest
   * loses what was unsynced).
   */
  private static void endOrphan(Path folder, Path qmpSocket) throws IOException {
    var pidFile = folder.resolve("qemu.pid");
    if (!Files.exists(pidFile)) return;
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).strip());
    } catch (NumberFormatException e) {
      return;
    }
    var orphan =
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .map(c -> c.contains(qmpSocket.toString()))
                        .orElse(false));
    if (orphan.isEmpty()) return;
    LOG.warn("ending QEMU {} of this VM, left running by an earlier Drover", pid);
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception stillRunning) {
      orphan.get().destroyForcibly();
    }
  }

  /**
   * The configured shared folders that exist: QEMU refuses to start with a missing one, so a folder
   * deleted since it was added is left out and named in a notice instead of costing the boot.
   */
  private List<dev.drover.vm.SharedFolder> existingSharedFolders() {
    var existing = new java.util.ArrayList<dev.drover.vm.SharedFolder>();
    for (var folder : config.sharedFolders()) {
      if (Files.isDirectory(folder.path())) {
        existing.add(folder);
      } else {
        notice(
            new VmNotice(
                Instant.now(),
                VmNotice.Kind.INFO,
                "the shared folder "
                    + folder.path()
                    + " does not exist on this computer, so the VM does not share it; create it"
                    + " or remove it in Settings → Virtual machine → Shared folders, then restart"
                    + " the VM"));
      }
    }
    return existing;
  }

  private long virtualSize(Path disk) throws IOException {
    var output =
        run(
            List.of(qemuImg.toString(), "info", "--output=json", "-U", disk.toString()),
            "read the data disk's size");
    return new ObjectMapper().readTree(output).path("virtual-size").asLong();
  }

  private static String run(List<String> command, String what) throws IOException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("could not " + what + ": " + output.strip());
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while trying to " + what, e);
    }
  }

  /** One run of QEMU, from start to exit. */
  private static void closeContainerd(Boot ended) {
    try {
      if (ended.containerdEvents != null) ended.containerdEvents.close();
    } catch (Exception e) {
      LOG.debug("closing containerd's event stream: {}", e.getMessage());
    }
    if (ended.containerd != null) ended.containerd.close();
  }

  private final class Boot {
    final Process process;
    final Path qmpSocket;
    final EngineEndpoint endpoint;
    final VmConfig.Engine engine;
    final ConsoleLog console;
    final AtomicBoolean stopRequested = new AtomicBoolean();
    final AtomicBoolean finished = new AtomicBoolean();
    // Opened once the end's status is published: stop() returns only then, whichever thread saw the
    // end first.
    final java.util.concurrent.CountDownLatch endPublished =
        new java.util.concurrent.CountDownLatch(1);
    volatile Qmp qmp;
    volatile EngineWatcher watcher;
    volatile PortForwarder forwarder;
    volatile QmpHostForwards hostForwards;

    /** The containerd engine's client and its event stream (containerd engine only). */
    volatile ContainerdEngine containerd;

    volatile AutoCloseable containerdEvents;

    /** Set when Drover itself ended QEMU because the boot failed. Guarded by {@link #lock}. */
    String failure;

    List<String> failureConsole;

    Boot(
        Process process,
        Path qmpSocket,
        EngineEndpoint endpoint,
        VmConfig.Engine engine,
        Path consoleFile) {
      this.process = process;
      this.qmpSocket = qmpSocket;
      this.endpoint = endpoint;
      this.engine = engine;
      this.console = new ConsoleLog(consoleFile, line -> consoleLine(this, line));
    }
  }
}
