package dev.drover.kube.k3s;

import dev.drover.kube.config.KubeconfigException;
import dev.drover.kube.config.KubeconfigMerger;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Kubernetes cluster: k3s in the VM, its API forwarded to the host's loopback and merged
 * into the user's kubeconfig as context {@value #CONTEXT}.
 *
 * <p>Each operation is one blocking call returning the new {@link Status}, so the Settings page,
 * the tray and the {@code drover kube} commands are thin callers; listeners hear every change
 * (tray, status bar). Operations are serialised. Failures are {@link K3sException}s with a message
 * for the user, and leave the status {@link State#FAILED} with the same text.
 *
 * <p>The API's forward belongs to the VM, not to this object: {@link #close()} leaves it (k3s keeps
 * running, and kubectl keeps reaching it after a {@code drover kube enable} has exited), and a
 * later instance, in this or another process, takes it over from the guest ({@link
 * K3sGuest#existingForward}) to report its port, replace it or remove it. {@link #disable()} and
 * {@link #reset} remove it; it also ends with the VM.
 */
public final class K3sCluster implements AutoCloseable {

  public static final String CONTEXT = "drover";
  public static final int API_PORT = 6443;

  static final String BINARY = "/usr/local/bin/k3s";
  static final String CONTROL_SCRIPT = "/usr/local/bin/drover-k3s";
  static final String CONFIG = "/etc/rancher/k3s/config.yaml";
  static final String KUBECONFIG = "/etc/rancher/k3s/k3s.yaml";

  /** Where k3s imports image archives from when its agent starts (its airgap install). */
  public static final String IMAGES_FOLDER = "/var/lib/rancher/k3s/agent/images";

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Logger LOG = LoggerFactory.getLogger(K3sCluster.class);

  /** How the user wants the cluster; from Settings or the command line. */
  public record Options(K3sVersion version, boolean traefik, int preferredHostPort) {
    public Options {
      Objects.requireNonNull(version, "version");
    }

    public Options(K3sVersion version, boolean traefik) {
      this(version, traefik, API_PORT);
    }
  }

  public enum State {
    /** Kubernetes is off (never enabled, or disabled); the engine is unaffected. */
    STOPPED,
    /** Downloading, installing or starting; {@link Status#detail()} says which. */
    STARTING,
    /** The API answers on the host at {@link Status#apiPort()}. */
    RUNNING,
    /** The last operation failed; {@link Status#detail()} says why and what to do. */
    FAILED
  }

  /** What a status bar or {@code drover kube status} shows. */
  public record Status(
      State state, Optional<K3sVersion> version, OptionalInt apiPort, String detail) {
    static Status stopped() {
      return new Status(State.STOPPED, Optional.empty(), OptionalInt.empty(), "Kubernetes is off");
    }
  }

  /** Provisioning progress: a step name for people, and download progress while downloading. */
  public interface Progress {
    /** Progress nobody watches. A factory, not a constant: no static fields of service types. */
    static Progress none() {
      return new Progress() {};
    }

    default void step(String what) {}

    default void downloaded(long done, long total) {}
  }

  private final K3sGuest guest;
  private final K3sBinaries binaries;
  private final KubeconfigMerger kubeconfig;
  private final ApiReadiness readiness;
  private final Duration startTimeout;
  private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
  private volatile Status status = Status.stopped();
  private K3sGuest.PortForward forward;

  /**
   * @param startTimeout how long k3s may take from start to an answering API (minutes on a cold VM)
   */
  public K3sCluster(
      K3sGuest guest,
      K3sBinaries binaries,
      KubeconfigMerger kubeconfig,
      ApiReadiness readiness,
      Duration startTimeout) {
    this.guest = Objects.requireNonNull(guest, "guest");
    this.binaries = Objects.requireNonNull(binaries, "binaries");
    this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
  }

  /**
   * Hears every status change from now on (on the thread that makes it); closing the result stops
   * that, and closing it again does nothing.
   */
  public AutoCloseable subscribe(Consumer<Status> listener) {
    Objects.requireNonNull(listener, "listener");
    var subscription =
        new Consumer<Status>() {
          @Override
          public void accept(Status status) {
            listener.accept(status);
          }
        };
    listeners.add(subscription);
    return () -> listeners.remove(subscription);
  }

  /** The last known status, without asking the guest. */
  public Status current() {
    return status;
  }

  /**
   * Downloads (or takes from the cache) the k3s binary and its airgap images, installs them in the
   * VM, starts k3s, forwards its API to the host and merges the {@value #CONTEXT} context. Running
   * it again restarts k3s with the new options.
   */
  public synchronized Status enable(Options options, Progress progress) {
    try {
      publish(starting(options, "Downloading k3s " + options.version()), progress);
      var arch = guest.architecture();
      var binary = binaries.binary(options.version(), arch, progress::downloaded);
      publish(starting(options, "Downloading the images k3s starts with"), progress);
      var images = binaries.airgapImages(options.version(), arch, progress::downloaded);

      publish(starting(options, "Installing k3s in the VM"), progress);
      stopInGuest();
      guest.copyInto(binary, BINARY, "0755");
      guest.writeFile(CONTROL_SCRIPT, controlScript(), "0755");
      if (images.isPresent()) placeImages(images.get());

      // Before k3s starts: the address the API is reached at must be named in its certificate.
      publish(starting(options, "Forwarding the Kubernetes API to this computer"), progress);
      // A forward left by an earlier enable (here or in another process) is replaced, freeing its
      // port.
      removeForward();
      forward = guest.forward(API_PORT, options.preferredHostPort());
      guest.writeFile(
          CONFIG,
          k3sConfig(options, forward.hostAddress()).getBytes(StandardCharsets.UTF_8),
          "0600");

      publish(starting(options, "Starting k3s"), progress);
      control("start");
      var clusterKubeconfig = awaitKubeconfig();
      var server = URI.create("https://" + forward.hostAddress() + ":" + forward.hostPort());
      var written = kubeconfig.merge(CONTEXT, clusterKubeconfig, server, false);
      LOG.info("k3s {} context '{}' merged into {}", options.version(), CONTEXT, written);

      publish(starting(options, "Waiting for the Kubernetes API"), progress);
      awaitApi(clusterKubeconfig, server);
      return publish(
          new Status(
              State.RUNNING,
              Optional.of(options.version()),
              OptionalInt.of(forward.hostPort()),
              "Kubernetes "
                  + options.version()
                  + " is running; kubectl context \""
                  + CONTEXT
                  + "\""),
          progress);
    } catch (K3sException | KubeconfigException e) {
      removeForwardQuietly();
      throw failed(options, e.getMessage(), e);
    } catch (IOException e) {
      removeForwardQuietly();
      throw failed(
          options,
          "The VM did not accept the k3s installation ("
              + e.getMessage()
              + "). Check that the VM is running, then enable Kubernetes again.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      removeForwardQuietly();
      throw failed(options, "Starting Kubernetes was cancelled", e);
    }
  }

  /** A failed start leaves no forward to a k3s that does not answer. */
  private void removeForwardQuietly() {
    try {
      removeForward();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not remove the Kubernetes API's forward", e);
    }
  }

  /**
   * Stops k3s and its pods; the VM and the container engine keep running, the cluster's data is
   * kept.
   */
  public synchronized Status disable() {
    try {
      removeForward();
      stopInGuest();
    } catch (IOException e) {
      throw failed(
          null, "k3s could not be stopped in the VM (" + e.getMessage() + "). Try again.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(null, "Stopping Kubernetes was cancelled", e);
    }
    return publish(Status.stopped(), Progress.none());
  }

  /**
   * Wipes the cluster's state (workloads, images pulled by k3s, certificates) and starts a fresh
   * cluster.
   */
  public synchronized Status reset(Options options, Progress progress) {
    try {
      removeForward();
      publish(starting(options, "Removing the cluster's data"), progress);
      if (guest.readFile(CONTROL_SCRIPT).isEmpty())
        guest.writeFile(CONTROL_SCRIPT, controlScript(), "0755");
      control("reset");
    } catch (IOException e) {
      throw failed(
          options,
          "The cluster's data could not be removed (" + e.getMessage() + "). Try again.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(options, "Resetting Kubernetes was cancelled", e);
    }
    return enable(options, progress);
  }

  /**
   * Asks the guest whether k3s runs, keeping the last known details when it does. k3s started by
   * another instance (an earlier {@code drover kube enable}, the app) reads as Running when its
   * API's forward is still there.
   */
  public synchronized Status refreshStatus() {
    try {
      if (guest.readFile(CONTROL_SCRIPT).isEmpty())
        return publish(Status.stopped(), Progress.none());
      var result = guest.run(List.of(CONTROL_SCRIPT, "status"), COMMAND_TIMEOUT);
      if (result.succeeded()) {
        if (status.state() == State.RUNNING) return status;
        if (forward == null) forward = guest.existingForward(API_PORT).orElse(null);
        if (forward != null) {
          var version = installedVersion();
          return publish(
              new Status(
                  State.RUNNING,
                  version,
                  OptionalInt.of(forward.hostPort()),
                  "Kubernetes "
                      + version.map(K3sVersion::tag).orElse("")
                      + (version.isPresent() ? " " : "")
                      + "is running; kubectl context \""
                      + CONTEXT
                      + "\""),
              Progress.none());
        }
        return publish(
            new Status(
                State.STARTING,
                status.version(),
                status.apiPort(),
                "k3s runs in the VM but Drover has not connected to it; enable Kubernetes to connect"),
            Progress.none());
      }
      if (status.state() == State.RUNNING) {
        return publish(
            new Status(
                State.FAILED,
                status.version(),
                OptionalInt.empty(),
                "k3s stopped unexpectedly. " + logTail()),
            Progress.none());
      }
      return status.state() == State.FAILED ? status : publish(Status.stopped(), Progress.none());
    } catch (IOException e) {
      return publish(
          new Status(
              State.FAILED,
              status.version(),
              OptionalInt.empty(),
              "The VM did not answer (" + e.getMessage() + ")"),
          Progress.none());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return status;
    }
  }

  /**
   * Lets go of the API's forward without removing it: it belongs to the VM, so kubectl keeps
   * reaching k3s after this object (or the process holding it) is gone; k3s keeps running too. Both
   * end with the VM, or with {@link #disable()} or {@link #reset} from any instance.
   */
  @Override
  public synchronized void close() {
    forward = null;
  }

  private String awaitKubeconfig() throws IOException, InterruptedException {
    var deadline = System.nanoTime() + startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      var file = guest.readFile(KUBECONFIG);
      if (file.isPresent() && file.get().length > 0)
        return new String(file.get(), StandardCharsets.UTF_8);
      var alive = guest.run(List.of(CONTROL_SCRIPT, "status"), COMMAND_TIMEOUT);
      if (!alive.succeeded()) throw new K3sException("k3s stopped while starting. " + logTail());
      Thread.sleep(POLL);
    }
    throw new K3sException(
        "k3s did not finish starting within " + startTimeout.toSeconds() + " s. " + logTail());
  }

  private void awaitApi(String clusterKubeconfig, URI server)
      throws IOException, InterruptedException {
    var deadline = System.nanoTime() + startTimeout.toNanos();
    var text = new KubeconfigText(clusterKubeconfig);
    var probe = text.withServer(server);
    var context = text.currentContext();
    while (System.nanoTime() < deadline) {
      if (readiness.ready(probe, context)) return;
      var alive = guest.run(List.of(CONTROL_SCRIPT, "status"), COMMAND_TIMEOUT);
      if (!alive.succeeded()) throw new K3sException("k3s stopped while starting. " + logTail());
      Thread.sleep(POLL);
    }
    throw new K3sException(
        "The Kubernetes API did not answer on "
            + server
            + " within "
            + startTimeout.toSeconds()
            + " s. "
            + logTail());
  }

  private void control(String command) throws IOException, InterruptedException {
    var result = guest.run(List.of(CONTROL_SCRIPT, command), COMMAND_TIMEOUT);
    if (!result.succeeded()) {
      throw new K3sException("k3s could not " + command + " in the VM: " + result.errorText());
    }
  }

  private void stopInGuest() throws IOException, InterruptedException {
    if (guest.readFile(CONTROL_SCRIPT).isPresent()) control("stop");
  }

  private String logTail() {
    try {
      var tail = guest.run(List.of(CONTROL_SCRIPT, "logs", "15"), COMMAND_TIMEOUT).stdout().strip();
      return tail.isEmpty() ? "k3s wrote no log." : "Last lines of the k3s log:\n" + tail;
    } catch (IOException | RuntimeException e) {
      return "The k3s log could not be read.";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Removes the API's forward, whether this instance made it or found it made by another. */
  private void removeForward() throws IOException {
    if (forward == null) forward = guest.existingForward(API_PORT).orElse(null);
    if (forward != null) {
      forward.close();
      forward = null;
    }
  }

  /**
   * The version the installed config was written for; empty when it does not say (an older Drover
   * wrote it).
   */
  private Optional<K3sVersion> installedVersion() throws IOException {
    var config = guest.readFile(CONFIG);
    if (config.isEmpty()) return Optional.empty();
    var line = new String(config.get(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
    var marker = "# Written by Drover for k3s ";
    return line.startsWith(marker)
        ? K3sVersion.parse(line.substring(marker.length()).split("[;\\s]", 2)[0])
        : Optional.empty();
  }

  /**
   * Puts the airgap image archive where k3s imports images from at start, unless the same archive
   * is there already (it is large); other versions' archives go, so k3s imports one set.
   */
  private void placeImages(Path archive) throws IOException, InterruptedException {
    var name = archive.getFileName().toString();
    var target = IMAGES_FOLDER + "/" + name;
    var expected = K3sBinaries.sha256(archive);
    var there = guest.run(List.of("sha256sum", target), COMMAND_TIMEOUT);
    if (!(there.succeeded() && there.stdout().startsWith(expected)))
      guest.copyInto(archive, target, "0644");
    var others =
        guest.run(
            List.of(
                "/bin/sh",
                "-c",
                "for f in \"$1\"/k3s-airgap-images-*; do [ \"$f\" = \"$1/$2\" ] || rm -f \"$f\"; done",
                "drover-k3s-images",
                IMAGES_FOLDER,
                name),
            COMMAND_TIMEOUT);
    if (!others.succeeded())
      LOG.warn("Could not remove older k3s image archives: {}", others.errorText());
  }

  static String k3sConfig(Options options) {
    return k3sConfig(options, "127.0.0.1");
  }

  /**
   * @param apiAddress where the host reaches the API (the forward's address), named in k3s's
   *     certificate
   */
  static String k3sConfig(Options options, String apiAddress) {
    var config =
        new StringBuilder()
            .append("# Written by Drover for k3s ")
            .append(options.version().tag())
            .append("; changes are replaced when Kubernetes is enabled again.\n")
            .append("write-kubeconfig: ")
            .append(KUBECONFIG)
            .append('\n')
            .append("write-kubeconfig-mode: \"0600\"\n")
            .append("https-listen-port: ")
            .append(API_PORT)
            .append('\n')
            // The host reaches the API at the forward's address; the certificate must name it.
            .append("tls-san:\n  - 127.0.0.1\n  - localhost\n");
    if (!apiAddress.equals("127.0.0.1") && !apiAddress.equals("localhost"))
      config.append("  - ").append(apiAddress).append('\n');
    if (!options.traefik()) config.append("disable:\n  - traefik\n");
    return config.toString();
  }

  static byte[] controlScript() throws IOException {
    try (InputStream in = K3sCluster.class.getResourceAsStream("drover-k3s.sh")) {
      if (in == null) throw new IllegalStateException("drover-k3s.sh is missing from the build");
      return in.readAllBytes();
    }
  }

  private Status starting(Options options, String what) {
    return new Status(State.STARTING, Optional.of(options.version()), OptionalInt.empty(), what);
  }

  private K3sException failed(Options options, String message, Exception cause) {
    var version = options == null ? status.version() : Optional.of(options.version());
    publish(new Status(State.FAILED, version, OptionalInt.empty(), message), Progress.none());
    return cause instanceof K3sException k3s && k3s.getMessage().equals(message)
        ? k3s
        : new K3sException(message, cause);
  }

  private Status publish(Status next, Progress progress) {
    status = next;
    if (next.state() == State.STARTING) progress.step(next.detail());
    for (var listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("A k3s status listener failed", e);
      }
    }
    return next;
  }
}
