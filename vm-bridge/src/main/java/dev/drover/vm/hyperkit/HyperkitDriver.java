package dev.drover.vm.hyperkit;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmCapabilities;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmException;
import dev.drover.vm.VmFile;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import dev.drover.vm.driver.BootWait;
import dev.drover.vm.driver.DriverSkeleton;
import dev.drover.vm.driver.VmRun;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestConfigDisk;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.network.GuestNetwork;
import dev.drover.vm.network.HostTrustStore;
import dev.drover.vm.network.LoopbackProxyCheck;
import dev.drover.vm.process.EngineProbe;
import dev.drover.vm.process.ProcessRunner;
import dev.drover.vm.process.SystemProcessRunner;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the guest under hyperkit on Intel Macs older than macOS 11, as Docker Desktop once did.
 * Hyperkit is this driver's child; SIGTERM is a power-button press for the guest (ACPI), SIGKILL
 * ends it after the grace period. The engine is found over vmnet at the address the host's DHCP
 * server gave the guest, which asks for one under the VM's name.
 *
 * <p>The guest's settings and TLS material come on a config disk (config.img), since hyperkit has
 * no fw_cfg. The server certificate is made before the guest has an address, so it names every
 * address of vmnet's shared network ({@link #VMNET_NETWORK}, macOS's default) and the address the
 * guest leased before, if any: the address of a guest whose MAC (from its stable uuid) vmnet saw
 * before stays the same, and a new one on a network set up otherwise is named from the next start.
 *
 * <p>Per VM, under {@code stateRoot/<name>}: data.raw (sparse), config.img (user-only), uuid
 * (stable, so vmnet keeps the address), hyperkit.pid, console.log, tls/.
 */
public final class HyperkitDriver implements VmDriver, LeasedAddress {

  private static final Logger LOG = LoggerFactory.getLogger(HyperkitDriver.class);

  /**
   * vmnet's shared network unless changed in com.apple.vmnet.plist (Shared_Net_Address): the host
   * is .1 and bootpd leases from .2 to .254.
   */
  public static final String VMNET_NETWORK = "192.168.64.0/24";

  /**
   * This computer as the guest reaches it on vmnet's shared network. Unlike QEMU's user networking
   * it is not this computer's loopback: a proxy on 127.0.0.1 is reached here only if it also
   * listens on this address.
   */
  public static final String VMNET_HOST = "192.168.64.1";

  private final ProcessRunner runner;
  private final Path hyperkit;
  private final GuestArch hostArch;
  private final GuestImage image;
  private final Path dhcpdLeases;
  private final DockerContextWriter contexts;
  private final EngineProbe probe;
  private final BootWait bootWait;
  private final DriverSkeleton<Void> skeleton;

  public HyperkitDriver(
      ProcessRunner runner,
      Path hyperkit,
      GuestArch hostArch,
      GuestImage image,
      Path stateRoot,
      Path dhcpdLeases,
      DockerContextWriter contexts,
      EngineProbe probe,
      Duration bootTimeout,
      Duration probeInterval) {
    this.runner = runner;
    this.hyperkit = hyperkit;
    this.hostArch = hostArch;
    this.image = image;
    this.dhcpdLeases = dhcpdLeases;
    this.contexts = contexts;
    this.probe = probe;
    this.bootWait = new BootWait(bootTimeout, probeInterval);
    this.skeleton =
        new DriverSkeleton<>(
            stateRoot,
            new DriverSkeleton.Shutdown("hyperkit", false, this::unexpectedExit),
            this::consoleTail);
  }

  /** Hyperkit from the PATH (Homebrew puts it in /usr/local/bin). */
  public static HyperkitDriver forThisMac(
      Map<String, String> env, GuestImage image, Path stateRoot, DockerContextWriter contexts) {
    var hyperkit = Path.of("/usr/local/bin/hyperkit");
    for (var dir : env.getOrDefault("PATH", "/usr/local/bin:/usr/bin").split(":")) {
      var candidate = Path.of(dir.isEmpty() ? "." : dir, "hyperkit");
      if (Files.isExecutable(candidate)) {
        hyperkit = candidate;
        break;
      }
    }
    return new HyperkitDriver(
        new SystemProcessRunner(),
        hyperkit,
        GuestArch.ofHost(System.getProperty("os.arch")),
        image,
        stateRoot,
        Path.of("/var/db/dhcpd_leases"),
        contexts,
        EngineProbe.forEngine(),
        Duration.ofMinutes(3),
        Duration.ofMillis(500));
  }

  @Override
  public VmCapabilities capabilities() {
    Optional<String> problem =
        hostArch != GuestArch.AMD64
            ? Optional.of(
                "Hyperkit runs only on Intel Macs, and this Mac has Apple Silicon: choose the QEMU"
                    + " driver, which runs the arm64 guest under Hypervisor.framework")
            : image.arch() != GuestArch.AMD64
                ? Optional.of(
                    "Hyperkit boots only an amd64 guest, and "
                        + image.kernel().getParent()
                        + " holds an "
                        + image.arch().debianName()
                        + " one")
                : Files.isExecutable(hyperkit)
                    ? image.missing()
                    : Optional.of(
                        "hyperkit is not installed ("
                            + hyperkit
                            + "); install it with `brew install hyperkit`, "
                            + "then make it set-uid root for vmnet: `sudo chown root:wheel "
                            + hyperkit
                            + " && sudo chmod u+s "
                            + hyperkit
                            + "`");
    return new VmCapabilities(
        DriverKind.HYPERKIT,
        problem,
        "hvf",
        Set.of(VmConfig.Engine.MOBY, VmConfig.Engine.CONTAINERD),
        true,
        false);
  }

  @Override
  public void configure(VmConfig config) {
    skeleton.configure(config);
  }

  public Path folder() {
    return skeleton.folder();
  }

  public Path consoleLog() {
    return skeleton.file(VmFile.CONSOLE_LOG);
  }

  public Path pidFile() {
    return skeleton.file(VmFile.HYPERKIT_PID);
  }

  private VmCertificates certificates() {
    return skeleton.certificates();
  }

  @Override
  public void create() throws VmException {
    var config = skeleton.config();
    try {
      Files.createDirectories(folder());
      certificates().ensure(config.name(), serverAddresses(guestAddress()));
      var uuid = skeleton.file(VmFile.HYPERKIT_UUID);
      if (!Files.exists(uuid)) Files.writeString(uuid, UUID.randomUUID().toString());
      // a sparse raw file: grows to its size only as the guest writes; never shrunk
      try (var disk = new RandomAccessFile(skeleton.file(VmFile.HYPERKIT_DISK).toFile(), "rw")) {
        var wanted = (long) config.diskGib() << 30;
        if (disk.length() < wanted) disk.setLength(wanted);
      }
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

  /**
   * The addresses the server certificate names: every address vmnet's shared network leases, and
   * the address this guest leased before.
   */
  static List<InetAddress> serverAddresses(Optional<String> leased) {
    var addresses = new ArrayList<InetAddress>();
    var network = VMNET_NETWORK.substring(0, VMNET_NETWORK.lastIndexOf('.') + 1);
    for (int host = 2; host <= 254; host++) addresses.add(InetAddress.ofLiteral(network + host));
    leased
        .map(InetAddress::ofLiteral)
        .filter(a -> !addresses.contains(a))
        .ifPresent(addresses::add);
    return addresses;
  }

  /**
   * Writes the config disk: the files QEMU's fw_cfg carries (TLS material, engine, proxy, extra CA
   * certificates), the name the guest asks DHCP for its address under, and the driver (the guest
   * refuses binds of host folders naming the QEMU driver, which shares them).
   */
  private void writeConfigDisk(GuestNetwork network) throws IOException {
    var config = skeleton.config();
    var server = certificates().serverFolder();
    var disk =
        new GuestConfigDisk()
            .addFile("ca.pem", server.resolve("ca.pem"))
            .addFile("server-cert.pem", server.resolve("server-cert.pem"))
            .addFile("server-key.pem", server.resolve("server-key.pem"))
            .add("engine", config.engine().word())
            .add("name", config.name())
            // the guest's bind-mount check names the QEMU driver: this VM sees no host folder
            .add("driver", DriverKind.HYPERKIT.word());
    var environment = network.proxy().environmentFile();
    if (!environment.isEmpty()) disk.add("proxy.env", environment);
    if (!network.certificates().isEmpty()) disk.add("extra-ca.pem", network.certificates());
    disk.write(configDisk());
  }

  public Path configDisk() {
    return skeleton.file(VmFile.HYPERKIT_CONFIG_DISK);
  }

  /** The command the next start runs. */
  public HyperkitCommand command() throws IOException {
    var config = skeleton.config();
    return new HyperkitCommand(
        hyperkit,
        config.cpus(),
        config.memoryMib(),
        image.kernel(),
        image.initramfs(),
        skeleton.file(VmFile.HYPERKIT_DISK),
        configDisk(),
        new HyperkitCommand.Network.Vmnet(),
        consoleLog(),
        pidFile(),
        Files.readString(skeleton.file(VmFile.HYPERKIT_UUID)).strip(),
        config.engine().word());
  }

  @Override
  public void start() throws VmException {
    skeleton.start(
        () -> skeleton.cannotRun(capabilities()),
        "hyperkit could not be started",
        this::launch,
        this::awaitEngine);
  }

  private VmRun<Void> launch() throws IOException, VmException {
    create();
    var network =
        skeleton
            .config()
            .network()
            .forGuest(System.getenv(), HostTrustStore.forThisComputer(runner), VMNET_HOST);
    LoopbackProxyCheck.inBackground(
        skeleton.config().network(), System.getenv(), VMNET_HOST, skeleton::notice);
    writeConfigDisk(network);
    // one left by a Drover that crashed: two hyperkits on one disk would corrupt it
    HyperkitPidFile.liveHyperkit(pidFile())
        .ifPresent(
            stale -> {
              LOG.warn("ending hyperkit {} left running by an earlier Drover", stale.pid());
              stale.destroyForcibly();
            });
    Files.deleteIfExists(pidFile());
    skeleton.keepPreviousConsole();
    var process = runner.launch(command().arguments(), skeleton.file(VmFile.HYPERKIT_LOG));
    return new VmRun<>(process, null, "booting Linux (hyperkit)");
  }

  /** SIGTERM is the guest's power button (ACPI); SIGKILL after the grace period. */
  @Override
  public void stop(Duration grace) throws VmException {
    skeleton.stop(grace, run -> run.process().destroy(false));
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

  @Override
  public void close() {
    skeleton.close(() -> stop(Duration.ofSeconds(30)));
  }

  /** The guest's address from vmnet's DHCP leases, once it asked for one under the VM's name. */
  @Override
  public Optional<String> guestAddress() {
    try {
      return DhcpdLeases.parse(Files.readString(dhcpdLeases, StandardCharsets.UTF_8))
          .addressOf(skeleton.config().name());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * When vmnet leased an address the server certificate does not name (vmnet set to a network other
   * than {@link #VMNET_NETWORK}), the certificate is issued again naming it, for the next start
   * (the running guest read the old one from its config disk); says so.
   */
  private Optional<String> unnamedInCertificate(String address) {
    try {
      if (certificates().serverAddresses().contains(InetAddress.ofLiteral(address)))
        return Optional.empty();
      certificates().ensure(skeleton.config().name(), serverAddresses(Optional.of(address)));
      return Optional.of(
          "the guest's address "
              + address
              + " is outside vmnet's usual network "
              + VMNET_NETWORK
              + ", so the engine's certificate did not name it; it does from the next start:"
              + " stop and start the VM");
    } catch (IOException | IllegalArgumentException e) {
      return Optional.of("the engine's certificate could not be checked: " + e.getMessage());
    }
  }

  private void awaitEngine(VmRun<Void> current) {
    var config = skeleton.config();
    var endpoint = new AtomicReference<EngineEndpoint>();
    // Once the certificate was issued again for the next start, that stays the reason: this boot's
    // guest keeps the old one, and the next check would find the address named.
    var certificateReason = new AtomicReference<Optional<String>>(Optional.empty());
    try {
      var outcome =
          bootWait.await(
              current,
              "the guest has no network address yet",
              () -> {
                var address = guestAddress();
                if (address.isEmpty()) return BootWait.Attempt.notYet();
                var candidate =
                    new EngineEndpoint(
                        config.name(),
                        URI.create("tcp://" + address.get() + ":2376"),
                        Optional.of(certificates().clientFolder()),
                        true,
                        EngineEndpoint.Source.EXPLICIT);
                endpoint.set(candidate);
                var failure = probe.failure(candidate, config.engine());
                if (failure.isEmpty()) return BootWait.Attempt.answered();
                if (certificateReason.get().isEmpty())
                  certificateReason.set(unnamedInCertificate(address.get()));
                return BootWait.Attempt.failed(certificateReason.get().orElse(failure.get()));
              });
      switch (outcome) {
        case BootWait.Outcome.Answered answered -> {
          try {
            // the Docker CLI can talk to dockerd only, not to containerd alone
            if (config.engine() == VmConfig.Engine.MOBY) {
              contexts.write(
                  config.name(),
                  endpoint.get().host(),
                  endpoint.get().tlsMaterial(),
                  "Drover VM " + config.name() + " (hyperkit)");
            }
          } catch (IOException e) {
            LOG.warn("could not write the Docker context: {}", e.getMessage());
          }
          skeleton.publishIf(
              current, now -> true, new VmStatus.Running(endpoint.get(), config.engine()));
        }
        case BootWait.Outcome.GaveUp gaveUp -> {
          skeleton.fail(current, bootWait.timeoutMessage("in the VM", gaveUp.lastFailure()));
          current.process().destroy(true);
        }
        case BootWait.Outcome.Ended ended -> {}
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String unexpectedExit(int exitCode) {
    return hyperkitFailure()
        .map(why -> why + " (hyperkit exited with code " + exitCode + ".)")
        .orElse(
            "The VM stopped unexpectedly: hyperkit exited with code "
                + exitCode
                + ". Start it again; the console's last lines are below.");
  }

  /** What hyperkit itself said about why it could not run, from its own output. */
  private Optional<String> hyperkitFailure() {
    try {
      return HyperkitFailure.explain(
          Files.readString(skeleton.file(VmFile.HYPERKIT_LOG), StandardCharsets.UTF_8), hyperkit);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public List<String> consoleTail(int lines) {
    return DriverSkeleton.tailOf(consoleLog(), lines);
  }
}
