package dev.drover.tests.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private containerd for one test class, the engine of a VM in containerd mode: its own root,
 * state and socket in a temp folder, no CRI plugin, and a mutual-TLS TCP port on loopback with
 * certificates made by Drover's own VM code ({@link VmCertificates}). containerd 1.6 serves its API
 * on the unix socket only ({@code tcp_address} carries CRI alone), so the TLS port is a {@link
 * TlsUnixForwarder} in front of the socket, as a guest's TLS terminator would be. Runs as root (CI
 * does). {@link #close()} kills what it ran and removes everything.
 *
 * <pre>
 *   try (var containerd = TestContainerd.start()) {
 *       var image = containerd.importBusybox("default");
 *       containerd.run("default", image, "web", "sleep", "600");
 *       ... ContainerdClients.open(containerd.unixEndpoint()) ...
 *   }
 * </pre>
 */
public final class TestContainerd implements AutoCloseable {

  public static final Path CONTAINERD = Path.of("/usr/bin/containerd");
  public static final Path CTR = Path.of("/usr/bin/ctr");

  /**
   * What {@link #importBusybox} names the image in containerd (ctr import normalises to docker.io).
   */
  public static final String BUSYBOX = "docker.io/" + TestImages.BUSYBOX;

  private static final Duration READY_WITHIN = Duration.ofSeconds(60);
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Path folder;
  private final Path socket;
  private final int tcpPort;
  private final VmCertificates certificates;
  private Process process;
  private TlsUnixForwarder tls;

  private TestContainerd(Path folder, int tcpPort) {
    this.folder = folder;
    this.socket = folder.resolve("containerd.sock");
    this.tcpPort = tcpPort;
    this.certificates = new VmCertificates(folder.resolve("tls"));
  }

  /** Starts a containerd and returns once it answers on both its socket and its TLS port. */
  public static TestContainerd start() throws IOException, InterruptedException {
    var how = "install Debian's containerd (apt-get install containerd; ./run-tests.sh does)";
    RealParts.requireExecutable(CONTAINERD, how);
    RealParts.requireExecutable(CTR, how);
    // short: a unix socket path may not exceed 107 bytes
    var folder = Files.createTempDirectory(Path.of("/tmp"), "drover-ctrd-");
    var containerd = new TestContainerd(folder, freePort());
    try {
      containerd.certificates.ensure("containerd-test");
      Files.writeString(folder.resolve("config.toml"), containerd.config());
      containerd.launch();
      containerd.tls =
          new TlsUnixForwarder(
              containerd.certificates.serverFolder(), containerd.tcpPort, containerd.socket);
      return containerd;
    } catch (GeneralSecurityException failed) {
      containerd.close();
      throw new IllegalStateException(
          "the TLS port cannot be set up: " + failed.getMessage(), failed);
    } catch (IOException | InterruptedException | RuntimeException | Error failed) {
      containerd.close();
      throw failed;
    }
  }

  private String config() {
    return """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]

                [grpc]
                  address = "%2$s"

                [ttrpc]
                  address = "%2$s.ttrpc"

                [debug]
                  level = "warn"

                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                """
        .formatted(folder, socket);
  }

  private void launch() throws IOException, InterruptedException {
    var builder =
        new ProcessBuilder(
                CONTAINERD.toString(), "--config", folder.resolve("config.toml").toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(folder.resolve("containerd.log").toFile()));
    builder.environment().put("PATH", PATH);
    process = builder.start();
    var deadline = Instant.now().plus(READY_WITHIN);
    while (!answers()) {
      if (!process.isAlive())
        throw new IllegalStateException("containerd exited at its start:\n" + log());
      if (Instant.now().isAfter(deadline))
        throw new IllegalStateException(
            "containerd did not answer within " + READY_WITHIN + ":\n" + log());
      Thread.sleep(50); // polling for readiness, not timing a result
    }
  }

  private boolean answers() throws InterruptedException {
    if (!Files.exists(socket)) return false;
    try {
      return run(List.of(CTR.toString(), "-a", socket.toString(), "version")).exit == 0;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The unix socket, as Drover reaches a guest's containerd through a forwarded socket. */
  public EngineEndpoint unixEndpoint() {
    return EngineEndpoint.of("test-containerd", URI.create("unix://" + socket));
  }

  /**
   * The loopback TCP port with mutual TLS, using the client folder Drover's VM code writes (ca.pem,
   * cert.pem, key.pem).
   */
  public EngineEndpoint tlsEndpoint() {
    return tlsEndpoint(clientCertificates());
  }

  /** The TLS port with another certificate folder, e.g. one lacking the client certificate. */
  public EngineEndpoint tlsEndpoint(Path certificateFolder) {
    return new EngineEndpoint(
        "test-containerd-tls",
        URI.create("tcp://127.0.0.1:" + tcpPort),
        Optional.of(certificateFolder),
        true,
        EngineEndpoint.Source.EXPLICIT);
  }

  public Path clientCertificates() {
    return certificates.clientFolder();
  }

  public Path socket() {
    return socket;
  }

  public int tcpPort() {
    return tcpPort;
  }

  /**
   * Runs {@code ctr -a <socket> -n <namespace> args…} and returns what it printed; fails on a
   * non-zero exit.
   */
  public String ctr(String namespace, String... args) throws IOException, InterruptedException {
    var command =
        new ArrayList<>(List.of(CTR.toString(), "-a", socket.toString(), "-n", namespace));
    command.addAll(List.of(args));
    var result = run(command);
    if (result.exit != 0)
      throw new IllegalStateException(
          String.join(" ", command) + " failed (" + result.exit + "): " + result.output);
    return result.output;
  }

  /**
   * Imports Drover's busybox test image into {@code namespace} (unpacked, ready to run) and returns
   * its name.
   */
  public String importBusybox(String namespace) throws IOException, InterruptedException {
    var archive = folder.resolve("busybox.tar");
    if (!Files.exists(archive)) Files.write(archive, TestImages.busyboxArchive());
    ctr(namespace, "images", "import", archive.toString());
    return BUSYBOX;
  }

  /**
   * {@code ctr run -d}: a container {@code id} from {@code image} whose task runs {@code command}
   * in the background.
   */
  public void run(String namespace, String image, String id, String... command)
      throws IOException, InterruptedException {
    var args = new ArrayList<>(List.of("run", "-d", image, id));
    args.addAll(List.of(command));
    ctr(namespace, args.toArray(String[]::new));
  }

  /** Kills containerd at once (SIGKILL), as a crash would; its containers' shims live on. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Starts containerd again on the same socket, port and state, after {@link #kill()}. */
  public void restart() throws IOException, InterruptedException {
    kill();
    launch();
  }

  /** What containerd logged, for failure messages. */
  public String log() {
    try {
      return Files.readString(folder.resolve("containerd.log"));
    } catch (IOException unreadable) {
      return "(no log: " + unreadable.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) removeAllTasks();
    } catch (IOException | InterruptedException | RuntimeException ignored) {
      // whatever is left is killed below
    }
    try {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS))
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (tls != null) tls.close();
      killShims();
      deleteLeftRuncContainers();
      unmountAll();
      deleteFolder();
    } catch (IOException | InterruptedException failed) {
      throw new IllegalStateException(
          "could not clean up the test containerd in " + folder + ": " + failed.getMessage(),
          failed);
    }
  }

  private void removeAllTasks() throws IOException, InterruptedException {
    for (var namespace :
        ctr("default", "namespaces", "list", "-q")
            .lines()
            .map(String::strip)
            .filter(n -> !n.isEmpty())
            .toList()) {
      for (var task :
          ctr(namespace, "tasks", "list", "-q")
              .lines()
              .map(String::strip)
              .filter(t -> !t.isEmpty())
              .toList()) {
        run(
            List.of(
                CTR.toString(),
                "-a",
                socket.toString(),
                "-n",
                namespace,
                "tasks",
                "kill",
                "-s",
                "SIGKILL",
                task));
        run(
            List.of(
                CTR.toString(),
                "-a",
                socket.toString(),
                "-n",
                namespace,
                "tasks",
                "delete",
                "-f",
                task));
      }
    }
  }

  /** Shims of this containerd outlive it; they name its socket on their command line. */
  private void killShims() throws IOException {
    try (var processes = Files.list(Path.of("/proc"))) {
      for (var dir :
          processes
              .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .toList()) {
        String commandLine;
        try {
          commandLine =
              new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException gone) {
          continue;
        }
        if (commandLine.contains("containerd-shim") && commandLine.contains(socket.toString())) {
          ProcessHandle.of(Long.parseLong(dir.getFileName().toString()))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  /**
   * runc keeps its state under /run/containerd/runc/&lt;namespace&gt; whatever containerd's state
   * folder, so a task left by a containerd that died would block its id for the next one:
   * containers whose bundle lies in this folder are deleted there (which also kills their
   * processes).
   */
  private void deleteLeftRuncContainers() throws IOException, InterruptedException {
    var runcRoot = Path.of("/run/containerd/runc");
    if (!Files.isDirectory(runcRoot)) return;
    var runc = Files.isExecutable(Path.of("/usr/sbin/runc")) ? "/usr/sbin/runc" : "runc";
    try (var namespaces = Files.list(runcRoot)) {
      for (var namespace : namespaces.toList()) {
        var listed = run(List.of(runc, "--root", namespace.toString(), "list", "--format", "json"));
        if (listed.exit != 0 || listed.output.isBlank() || listed.output.strip().equals("null"))
          continue;
        for (var container : new ObjectMapper().readTree(listed.output)) {
          if (container.path("bundle").asText().startsWith(folder.toString())) {
            run(
                List.of(
                    runc,
                    "--root",
                    namespace.toString(),
                    "delete",
                    "-f",
                    container.path("id").asText()));
          }
        }
      }
    }
  }

  private void unmountAll() throws IOException, InterruptedException {
    var mounts =
        Files.readAllLines(Path.of("/proc/self/mounts")).stream()
            .map(line -> line.split(" ")[1])
            .filter(point -> point.startsWith(folder.toString()))
            .sorted(Comparator.reverseOrder())
            .toList();
    for (var point : mounts) run(List.of("umount", "-l", point));
  }

  private void deleteFolder() throws IOException {
    if (!Files.exists(folder)) return;
    try (var paths = Files.walk(folder)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", PATH);
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, output + " (timed out)");
    }
    return new Result(process.exitValue(), output.strip());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
