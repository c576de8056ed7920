package dev.drover.vm.guest;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import dev.drover.engine.DockerClients;
import dev.drover.engine.EngineEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Root access to the Drover VM's Linux through its own engine, the way {@code drover vm shell} gets
 * it: a privileged helper container in the guest's PID and network namespaces runs {@code nsenter}
 * into PID 1, so commands see the guest's files, mounts and network. Files travel through the
 * engine's archive API into the helper and from there into the guest's root through {@code
 * /proc/1/root}.
 *
 * <p>One helper container stays up while the VM runs. Commands move themselves into the guest's
 * root cgroup, so a daemon they start (k3s) does not live in the helper's cgroup and outlives it.
 * Every method blocks.
 */
public final class VmGuest implements AutoCloseable {

  /** The outcome of a guest command. */
  public record Result(int exitCode, byte[] stdout, byte[] stderr) {
    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
      return new String(stderr, StandardCharsets.UTF_8);
    }
  }

  /** A forwarded guest port; closing it removes the forward. */
  public interface Forward extends AutoCloseable {
    int hostPort();

    /** The host address {@link #hostPort()} is reached at (see {@link GuestPorts#hostAddress}). */
    default String hostAddress() {
      return "127.0.0.1";
    }

    @Override
    void close();
  }

  /**
   * Pulled when the guest ships no helper image ({@link HelperImage}); small, and its busybox has
   * nsenter, cp and cat.
   */
  public static final String HELPER_IMAGE = HelperImage.FALLBACK;

  static final String HELPER_NAME = "drover-guest-helper";
  static final String LABEL = "dev.drover.guest-helper";

  // Looked up when first needed: the app builds this before its first frame, and logging starts
  // after it.
  private static Logger log() {
    return LoggerFactory.getLogger(VmGuest.class);
  }

  private static final Duration FILE_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");
  private static final int MISSING = 44;

  /**
   * The guest's tools are spread over these (busybox's applets too); the helper image's own PATH
   * may be shorter.
   */
  private static final String GUEST_PATH =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Supplier<Optional<EngineEndpoint>> engine;
  private final HelperImage helperImage;
  private final Supplier<Optional<GuestPorts>> ports;
  private final Object lock = new Object();
  private EngineEndpoint openedFor;
  private DockerClient docker;
  private String helperId;

  /**
   * @param engine the running VM's engine, empty while the VM does not run
   * @param helperImage an image with busybox (nsenter, cp, chmod, mv); pulled when missing
   * @param ports the VM driver's run-time port forwarding, empty when this process cannot forward
   */
  public VmGuest(
      Supplier<Optional<EngineEndpoint>> engine,
      String helperImage,
      Supplier<Optional<GuestPorts>> ports) {
    this(engine, HelperImage.pulled(helperImage), ports);
  }

  /**
   * @param helperImage an image with busybox (nsenter, cp, chmod, mv), loaded from the guest's own
   *     archive or pulled when the engine lacks it
   * @param ports the VM driver's run-time port forwarding, empty when this process cannot forward
   */
  public VmGuest(
      Supplier<Optional<EngineEndpoint>> engine,
      HelperImage helperImage,
      Supplier<Optional<GuestPorts>> ports) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.helperImage = Objects.requireNonNull(helperImage, "helperImage");
    this.ports = Objects.requireNonNull(ports, "ports");
  }

  /** Runs {@code command} as root in the guest's namespaces, waiting at most {@code timeout}. */
  public Result run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    var full =
        new ArrayList<String>(
            List.of(
                "nsenter",
                "-t",
                "1",
                "-m",
                "-u",
                "-i",
                "-n",
                "-p",
                "--",
                "/bin/sh",
                "-c",
                "echo $$ > /sys/fs/cgroup/cgroup.procs 2>/dev/null; exec \"$@\"",
                "drover-guest"));
    full.addAll(command);
    return execInHelper(full, timeout);
  }

  /**
   * Copies a host file to {@code guestPath} (parents created), replacing it atomically, with an
   * octal mode.
   */
  public void copyInto(Path hostFile, String guestPath, String mode)
      throws IOException, InterruptedException {
    requireAbsolute(guestPath);
    if (!MODE.matcher(mode).matches())
      throw new IllegalArgumentException("not an octal mode: " + mode);
    if (!Files.isRegularFile(hostFile)) throw new IOException(hostFile + " is not a file");
    var staging = "/tmp/drover-copy-" + UUID.randomUUID();
    check(
        execInHelper(List.of("mkdir", "-p", staging), Duration.ofSeconds(60)), "mkdir " + staging);
    var docker = helper(); // after the first exec, which starts afresh after a VM restart
    try {
      docker
          .copyArchiveToContainerCmd(helperId())
          .withHostResource(hostFile.toString())
          .withRemotePath(staging)
          .exec();
      var target = "/proc/1/root" + guestPath;
      var temporary = target + ".drover-tmp";
      check(
          execInHelper(
              List.of(
                  "sh",
                  "-c",
                  "mkdir -p \"$(dirname \"$2\")\" && cp \"$1\" \"$3\" && chmod \"$4\" \"$3\" && mv -f \"$3\" \"$2\"",
                  "copy",
                  staging + "/" + hostFile.getFileName(),
                  target,
                  temporary,
                  mode),
              FILE_TIMEOUT),
          "installing " + guestPath);
    } catch (RuntimeException e) {
      throw new IOException(
          "copying " + hostFile.getFileName() + " into the VM failed: " + e.getMessage(), e);
    } finally {
      execInHelper(List.of("rm", "-rf", staging), Duration.ofSeconds(60));
    }
  }

  /** The guest file's bytes, or empty when there is no such file. */
  public Optional<byte[]> readFile(String guestPath) throws IOException, InterruptedException {
    requireAbsolute(guestPath);
    var result =
        run(
            List.of(
                "/bin/sh",
                "-c",
                "[ -f \"$1\" ] || exit " + MISSING + "; exec cat \"$1\"",
                "read",
                guestPath),
            FILE_TIMEOUT);
    if (result.exitCode() == MISSING) return Optional.empty();
    check(result, "reading " + guestPath);
    return Optional.of(result.stdout());
  }

  /**
   * Forwards {@code guestPort} to 127.0.0.1 of the host, on {@code preferredHostPort} when free,
   * else on a free port.
   */
  public Forward forward(int guestPort, int preferredHostPort)
      throws IOException, InterruptedException {
    var driver =
        ports
            .get()
            .orElseThrow(
                () ->
                    new IOException(
                        "this process cannot reach the port forwarding of the VM's driver"));
    var hostPort = driver.reachesGuestPortsDirectly() ? guestPort : preferredHostPort;
    var refused = driver.add(guestPort, hostPort);
    if (refused.isPresent() && driver.reachesGuestPortsDirectly())
      throw new IOException("guest port " + guestPort + " cannot be reached: " + refused.get());
    if (refused.isPresent()) {
      log()
          .info(
              "port {} is not free on this computer ({}); forwarding guest port {} to another",
              hostPort,
              refused.get(),
              guestPort);
      hostPort = freeLoopbackPort();
      refused = driver.add(guestPort, hostPort);
      if (refused.isPresent())
        throw new IOException(
            "guest port " + guestPort + " could not be forwarded: " + refused.get());
    }
    return removable(driver, hostPort);
  }

  /**
   * The forward of {@code guestPort} that runs now, made earlier by this or another Drover process
   * (a forward lives in the VM's hypervisor, not in the process that asked for it); empty when
   * there is none or this process cannot see the VM's forwards.
   */
  public Optional<Forward> existingForward(int guestPort) throws IOException, InterruptedException {
    var driver = ports.get();
    if (driver.isEmpty()) return Optional.empty();
    var hostPort = driver.get().forwardedTo(guestPort);
    return hostPort.isPresent()
        ? Optional.of(removable(driver.get(), hostPort.getAsInt()))
        : Optional.empty();
  }

  private static Forward removable(GuestPorts driver, int forwarded) throws IOException {
    var address = driver.hostAddress();
    return new Forward() {
      private boolean closed;

      @Override
      public int hostPort() {
        return forwarded;
      }

      @Override
      public String hostAddress() {
        return address;
      }

      @Override
      public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
          driver.remove(forwarded);
        } catch (IOException e) {
          log().warn("could not remove the forward of port {}: {}", forwarded, e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  /**
   * Closes the engine connection; the helper container stays for the VM's lifetime (see the class
   * comment).
   */
  @Override
  public void close() {
    synchronized (lock) {
      closeClient();
    }
  }

  private Result execInHelper(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    var exec = createExec(command);
    var docker = helper();
    var stdout = new ByteArrayOutputStream();
    var stderr = new ByteArrayOutputStream();
    var callback =
        docker
            .execStartCmd(exec)
            .exec(
                new ResultCallback.Adapter<Frame>() {
                  @Override
                  public void onNext(Frame frame) {
                    var target = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
                    synchronized (target) {
                      target.writeBytes(frame.getPayload());
                    }
                  }
                });
    try {
      if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(
            "the command did not finish within "
                + timeout.toSeconds()
                + " s: "
                + String.join(
                    " ",
                    command.subList(
                        Math.max(0, command.indexOf("drover-guest") + 1), command.size())));
      }
    } finally {
      try {
        callback.close();
      } catch (IOException ignored) {
        // the stream is done or abandoned either way
      }
    }
    var exitCode = docker.inspectExecCmd(exec).exec().getExitCodeLong();
    synchronized (stdout) {
      synchronized (stderr) {
        return new Result(
            exitCode == null ? -1 : exitCode.intValue(),
            stdout.toByteArray(),
            stderr.toByteArray());
      }
    }
  }

  /**
   * Creates (without starting) {@code command} in the helper. After a VM restart the engine answers
   * at the same address again, but this client's pooled connections and its helper container belong
   * to the previous boot: the first failure starts afresh, once, which is safe because an exec that
   * was not created has done nothing.
   */
  private String createExec(List<String> command) throws IOException {
    for (int attempt = 1; ; attempt++) {
      var docker = helper();
      try {
        return docker
            .execCreateCmd(helperId())
            .withCmd(command.toArray(String[]::new))
            .withEnv(List.of(GUEST_PATH))
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
      } catch (RuntimeException e) {
        synchronized (lock) {
          closeClient();
        }
        if (attempt == 2) {
          throw e instanceof NotFoundException
              ? new IOException("the VM's helper container went away; try again", e)
              : new IOException("the VM's engine refused a command: " + e.getMessage(), e);
        }
      }
    }
  }

  /** The engine client, with the helper container running. */
  private DockerClient helper() throws IOException {
    var endpoint = engine.get().orElseThrow(() -> new IOException("the Drover VM is not running"));
    synchronized (lock) {
      if (!endpoint.equals(openedFor)) {
        closeClient();
        docker = DockerClients.open(endpoint, Duration.ofMinutes(5), Duration.ofSeconds(60));
        openedFor = endpoint;
      }
      if (helperId == null) helperId = startHelper(docker);
      return docker;
    }
  }

  private String helperId() {
    synchronized (lock) {
      return helperId;
    }
  }

  private String startHelper(DockerClient docker) throws IOException {
    try {
      try {
        var existing = docker.inspectContainerCmd(HELPER_NAME).exec();
        if (Boolean.TRUE.equals(existing.getState().getRunning())) return existing.getId();
        docker.removeContainerCmd(existing.getId()).withForce(true).exec();
      } catch (NotFoundException absent) {
        // made below
      }
      helperImage.ensure(docker);
      var id =
          docker
              .createContainerCmd(helperImage.reference())
              .withName(HELPER_NAME)
              .withLabels(Map.of(LABEL, "true"))
              .withCmd("sleep", "2147483647")
              .withHostConfig(
                  HostConfig.newHostConfig()
                      .withPrivileged(true)
                      .withPidMode("host")
                      // The guest's cgroup namespace, so a command may move itself to the guest's
                      // root cgroup.
                      .withCgroupnsMode("host")
                      .withNetworkMode("host")
                      .withAutoRemove(true))
              .exec()
              .getId();
      docker.startContainerCmd(id).exec();
      return id;
    } catch (RuntimeException e) {
      throw new IOException(
          "Drover could not start its helper container in the VM ("
              + e.getMessage()
              + "); it needs the image "
              + helperImage.reference()
              + (helperImage.archive().isPresent()
                  ? ", loaded from " + helperImage.archive().get()
                  : ", which the VM pulls when it is online"),
          e);
    }
  }

  private void closeClient() {
    if (docker != null) {
      try {
        docker.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    docker = null;
    openedFor = null;
    helperId = null;
  }

  private static void check(Result result, String what) throws IOException {
    if (result.exitCode() != 0) {
      var text = result.stderrText().isBlank() ? result.stdoutText() : result.stderrText();
      throw new IOException(
          what + " failed in the VM (exit " + result.exitCode() + "): " + text.strip());
    }
  }

  private static void requireAbsolute(String guestPath) {
    if (!guestPath.startsWith("/") || guestPath.contains("/../")) {
      throw new IllegalArgumentException("not an absolute guest path: " + guestPath);
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
