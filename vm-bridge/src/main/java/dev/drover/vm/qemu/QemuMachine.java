package dev.drover.vm.qemu;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmFile;
import dev.drover.vm.VmNotice;
import dev.drover.vm.driver.DriverSkeleton;
import dev.drover.vm.guest.GuestImage;
import dev.drover.vm.network.GuestNetwork;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QEMU side of a VM's machine folder: makes what persists (folder, certificates, disk),
 * prepares each boot (QEMU's command, the files the guest reads, the Docker context) and explains
 * QEMU's end from its own log.
 */
final class QemuMachine {

  private static final Logger LOG = LoggerFactory.getLogger(QemuMachine.class);

  /** A started QEMU, its command, and the engine's endpoint once it answers. */
  record Launched(Process process, QemuCommand command, EngineEndpoint endpoint) {}

  private final Path qemu;
  private final AcceleratorProbe probe;
  private final QemuDisk disk;
  private final GuestImage image;
  private final DockerContextWriter contexts;
  private final Consumer<VmNotice> notices;
  private volatile AcceleratorProbe.Result acceleration;

  QemuMachine(
      Path qemu,
      AcceleratorProbe probe,
      Path qemuImg,
      GuestImage image,
      DockerContextWriter contexts,
      Consumer<VmNotice> notices) {
    this.qemu = qemu;
    this.probe = probe;
    this.disk = new QemuDisk(qemuImg);
    this.image = image;
    this.contexts = contexts;
    this.notices = notices;
  }

  /** Which accelerator boots use and why; probed once. */
  AcceleratorProbe.Result acceleration() {
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

  /** The user-only folder, the certificates and the data disk, each when missing or too small. */
  void create(VmConfig config, Path folder, VmCertificates certificates) throws IOException {
    Files.createDirectories(folder);
    if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
    certificates.ensure(config.name());
    disk.ensure(VmFile.QEMU_DISK.in(folder), (long) config.diskGib() << 30);
  }

  /**
   * Readies {@code folder} for a boot (ends an orphaned QEMU, clears the old sockets, picks the
   * engine's port, writes the guest's files and the Docker context), then starts QEMU, its output
   * in qemu.log.
   */
  Launched launch(VmConfig config, Path folder, VmCertificates certificates, GuestNetwork network)
      throws IOException {
    var qmpSocket = VmFile.QMP_SOCKET.in(folder);
    endOrphan(VmFile.QEMU_PID.in(folder), qmpSocket);
    for (var socket : List.of(VmFile.QMP_SOCKET, VmFile.QMP_CONTROL_SOCKET, VmFile.SHELL_SOCKET)) {
      Files.deleteIfExists(socket.in(folder));
    }
    var port = EnginePort.choose(VmFile.ENGINE_PORT.in(folder));
    var shared = existingSharedFolders(config);
    var command =
        new QemuCommand(
            qemu,
            image.arch(),
            acceleration().accelerator(),
            config.cpus(),
            config.memoryMib(),
            image.kernel(),
            image.initramfs(),
            VmFile.QEMU_DISK.in(folder),
            VmFile.CONSOLE_LOG.in(folder),
            qmpSocket,
            VmFile.QEMU_PID.in(folder),
            port,
            guestFiles(folder, certificates.serverFolder(), network, shared),
            config.engine().word(),
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
            .redirectOutput(VmFile.QEMU_LOG.in(folder).toFile())
            .start();
    return new Launched(process, command, endpoint);
  }

  /**
   * The files the guest reads through fw_cfg: its TLS material, the proxy and extra CA certificates
   * when the user has any, and the shared folders' table. The proxy file may hold a password, so it
   * is written in the user-only secrets folder, which diagnostics leave out; the QEMU command line
   * (logged) names only the file.
   */
  private static List<QemuCommand.GuestFile> guestFiles(
      Path folder, Path server, GuestNetwork network, List<SharedFolder> shared)
      throws IOException {
    var files = new ArrayList<QemuCommand.GuestFile>();
    for (var name : List.of("ca.pem", "server-cert.pem", "server-key.pem")) {
      files.add(new QemuCommand.GuestFile(name, server.resolve(name)));
    }
    var secrets = VmFile.SECRETS.in(folder);
    network.writeTo(secrets);
    for (var name : List.of("proxy.env", "extra-ca.pem")) {
      if (Files.exists(secrets.resolve(name))) {
        files.add(new QemuCommand.GuestFile(name, secrets.resolve(name)));
      }
    }
    var shareTable = VmFile.SHARE_TABLE.in(folder);
    Files.deleteIfExists(shareTable);
    if (!shared.isEmpty()) {
      Files.writeString(shareTable, QemuCommand.shareTable(shared), StandardCharsets.UTF_8);
      files.add(new QemuCommand.GuestFile("shares", shareTable));
    }
    return files;
  }

  /** QEMU ended on its own: how, and its own last words from qemu.log. */
  static String unexpectedExit(Path folder, int code) {
    var how = code > 128 ? "was killed (signal " + (code - 128) + ")" : "exited with code " + code;
    var log = DriverSkeleton.tailOf(VmFile.QEMU_LOG.in(folder), 3);
    var qemuSaid = log.isEmpty() ? "" : " QEMU said: " + String.join(" ", log).strip();
    return "The VM stopped unexpectedly: QEMU "
        + how
        + "."
        + qemuSaid
        + " Start it again; the console's last lines are below.";
  }

  /**
   * A QEMU of this VM left running by an earlier Drover that ended without stopping it holds the
   * disk's lock; a second one would fail on it. It has no owner any more, so it is ended (its guest
   * loses what was unsynced).
   */
  private static void endOrphan(Path pidFile, Path qmpSocket) throws IOException {
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
  private List<SharedFolder> existingSharedFolders(VmConfig config) {
    var existing = new ArrayList<SharedFolder>();
    for (var folder : config.sharedFolders()) {
      if (Files.isDirectory(folder.path())) {
        existing.add(folder);
      } else {
        notices.accept(
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
}
