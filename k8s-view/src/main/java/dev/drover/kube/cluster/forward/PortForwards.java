package dev.drover.kube.cluster.forward;

import dev.drover.kube.cluster.ClusterConnection;
import dev.drover.kube.cluster.ClusterException;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Local ports forwarded to a pod's or a service's port, on host loopback. The pod is chosen afresh
 * for every new connection: a forward to a service picks a ready pod behind its selector, and a
 * forward to a pod that was replaced (a Deployment's rollout, a deleted pod recreated) follows it
 * to a ready pod with the same labels. So a forward survives the pod it started with.
 *
 * <p>A forward also survives the window moving to another context: the page {@linkplain #release
 * releases} the connection it leaves, and the connection stays open for as long as a forward still
 * goes through it.
 */
public final class PortForwards implements AutoCloseable {

  /**
   * Labels that differ between a workload's generations; a replacement pod is found by the others.
   */
  private static final Set<String> GENERATION_LABELS =
      Set.of(
          "pod-template-hash",
          "controller-revision-hash",
          "statefulset.kubernetes.io/pod-name",
          "pod-template-generation");

  public enum TargetKind {
    POD,
    SERVICE
  }

  /** What a forward reaches. */
  public record Target(TargetKind kind, String namespace, String name) {
    public String describe() {
      return (kind == TargetKind.POD ? "pod/" : "service/") + namespace + "/" + name;
    }
  }

  private final List<Forward> active = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<Forward>>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  /** Connections their owner has let go of; each is closed when its last forward stops. */
  private final Set<ClusterConnection> released = ConcurrentHashMap.newKeySet();

  /**
   * Calls {@code listener} (on any thread) with the active forwards whenever one starts or stops,
   * until the result is closed.
   */
  public AutoCloseable subscribe(Consumer<List<Forward>> listener) {
    listeners.add(listener);
    var subscribed = new AtomicBoolean(true);
    return () -> {
      if (subscribed.getAndSet(false)) listeners.remove(listener);
    };
  }

  public List<Forward> active() {
    return List.copyOf(active);
  }

  /**
   * Listens on 127.0.0.1:{@code localPort} (0: any free port) and forwards each connection to
   * {@code remotePort} of the target. Checks the target exists first, so a typo is reported now
   * rather than at the first connection.
   */
  public Forward start(ClusterConnection connection, Target target, int remotePort, int localPort) {
    if (remotePort < 1 || remotePort > 65535)
      throw new ClusterException("The remote port must be 1 to 65535; was " + remotePort + ".");
    if (localPort < 0 || localPort > 65535)
      throw new ClusterException("The local port must be 0 to 65535; was " + localPort + ".");
    Map<String, String> selector;
    try {
      selector = selectorOf(connection, target);
    } catch (KubernetesClientException e) {
      throw connection.failure(e);
    }
    ServerSocketChannel listener;
    try {
      listener = ServerSocketChannel.open();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
    } catch (BindException e) {
      throw new ClusterException(
          "Local port " + localPort + " is already used by another program. Choose another port.",
          e);
    } catch (IOException e) {
      throw new ClusterException(
          "Cannot listen on local port " + localPort + ": " + e.getMessage(), e);
    }
    var forward =
        new Forward(
            "pf-" + ids.incrementAndGet(),
            connection,
            target,
            remotePort,
            ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort(),
            selector,
            listener);
    active.add(forward);
    forward.acceptor =
        Thread.ofVirtual().name("port-forward-" + forward.localPort()).start(forward::accept);
    changed();
    return forward;
  }

  /** Stops the forward: no new connections, open ones are closed. */
  public void stop(Forward forward) {
    forward.close();
  }

  /** Stops every forward that goes through {@code connection}. */
  public void stopAll(ClusterConnection connection) {
    for (var forward : active) if (forward.connection == connection) forward.close();
  }

  /**
   * Its owner no longer needs {@code connection} (the window left its context): it is closed now
   * when no forward goes through it, else when the last of those stops, so a forward keeps working
   * while the user looks elsewhere. Blocks while closing the client, so not on the UI thread.
   */
  public void release(ClusterConnection connection) {
    released.add(connection);
    closeIfUnused(connection);
  }

  /** Stops every forward and closes the connections released to this. */
  @Override
  public void close() {
    for (var forward : active) forward.close();
    for (var connection : List.copyOf(released)) closeIfUnused(connection);
  }

  private void closeIfUnused(ClusterConnection connection) {
    if (active.stream().anyMatch(forward -> forward.connection == connection)) return;
    if (!released.remove(connection))
      return; // another thread closed it, or it is still in use by its owner
    connection.close();
  }

  private void changed() {
    var now = active();
    for (var listener : listeners) listener.accept(now);
  }

  /** The labels that identify the pods a forward may use. */
  private static Map<String, String> selectorOf(ClusterConnection connection, Target target) {
    var client = connection.client();
    if (target.kind() == TargetKind.SERVICE) {
      var service = client.services().inNamespace(target.namespace()).withName(target.name()).get();
      if (service == null)
        throw new ClusterException(
            "There is no service " + target.namespace() + "/" + target.name() + ".");
      var selector = service.getSpec() == null ? null : service.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) {
        throw new ClusterException(
            "The service "
                + target.name()
                + " selects no pods, so there is nothing to forward to.");
      }
      return Map.copyOf(selector);
    }
    var pod = client.pods().inNamespace(target.namespace()).withName(target.name()).get();
    if (pod == null)
      throw new ClusterException(
          "There is no pod " + target.namespace() + "/" + target.name() + ".");
    var labels =
        new HashMap<String, String>(
            pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels());
    labels.keySet().removeAll(GENERATION_LABELS);
    return Map.copyOf(labels);
  }

  /** One forward: a loopback listener and its open connections. */
  public final class Forward implements AutoCloseable {
    private final String id;
    private final ClusterConnection connection;
    private final Target target;
    private final int remotePort;
    private final int localPort;
    private final Map<String, String> selector;
    private final ServerSocketChannel listener;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private volatile String lastPod;
    private volatile String problem;
    private volatile boolean closed;
    private volatile Thread acceptor;

    private Forward(
        String id,
        ClusterConnection connection,
        Target target,
        int remotePort,
        int localPort,
        Map<String, String> selector,
        ServerSocketChannel listener) {
      this.id = id;
      this.connection = connection;
      this.target = target;
      this.remotePort = remotePort;
      this.localPort = localPort;
      this.selector = selector;
      this.listener = listener;
    }

    public String id() {
      return id;
    }

    public Target target() {
      return target;
    }

    public int remotePort() {
      return remotePort;
    }

    public int localPort() {
      return localPort;
    }

    /** The pod the latest connection went to, or null before the first. */
    public String lastPod() {
      return lastPod;
    }

    /** Why the latest connection could not be forwarded, or null. */
    public String problem() {
      return problem;
    }

    /** The kubeconfig context the forward goes through. */
    public String contextName() {
      return connection.contextName();
    }

    public String describe() {
      return "127.0.0.1:"
          + localPort
          + " → "
          + target.describe()
          + ":"
          + remotePort
          + " in "
          + connection.contextName();
    }

    private void accept() {
      while (!closed) {
        SocketChannel socket;
        try {
          socket = listener.accept();
        } catch (ClosedChannelException e) {
          return;
        } catch (IOException e) {
          if (!closed) problem = "Accepting a connection failed: " + e.getMessage();
          continue;
        }
        Thread.ofVirtual().name("port-forward-conn-" + localPort).start(() -> forward(socket));
      }
    }

    private void forward(SocketChannel socket) {
      open.add(socket);
      try {
        var pod = choosePod();
        int port = podPort(pod);
        lastPod = pod.getMetadata().getName();
        var stream =
            connection
                .client()
                .pods()
                .inNamespace(target.namespace())
                .withName(pod.getMetadata().getName())
                .portForward(port, socket, socket);
        open.add(stream);
        problem = null;
      } catch (RuntimeException e) {
        problem =
            e instanceof ClusterException ? e.getMessage() : connection.failure(e).getMessage();
        closeQuietly(socket);
        open.remove(socket);
        changed();
      }
    }

    /**
     * The named pod while it is alive, else a running pod with the same labels, ready ones first.
     */
    private Pod choosePod() {
      var client = connection.client();
      if (target.kind() == TargetKind.POD) {
        var pod = client.pods().inNamespace(target.namespace()).withName(target.name()).get();
        if (pod != null && pod.getMetadata().getDeletionTimestamp() == null) return pod;
        if (selector.isEmpty())
          throw new ClusterException(
              "The pod "
                  + target.name()
                  + " is gone and had no labels to find its replacement by.");
      }
      var candidates =
          new ArrayList<>(
              client.pods().inNamespace(target.namespace()).withLabels(selector).list().getItems());
      candidates.removeIf(
          p ->
              p.getMetadata().getDeletionTimestamp() != null
                  || (p.getStatus() != null
                      && p.getStatus().getPhase() != null
                      && !"Running".equals(p.getStatus().getPhase())));
      candidates.sort(
          Comparator.comparing((Pod p) -> !ready(p)).thenComparing(p -> p.getMetadata().getName()));
      if (candidates.isEmpty())
        throw new ClusterException("No running pod matches " + target.describe() + " right now.");
      return candidates.getFirst();
    }

    /**
     * The container port the remote port means: a service's target port (by number or name), or the
     * port itself.
     */
    private int podPort(Pod pod) {
      if (target.kind() == TargetKind.POD) return remotePort;
      var service =
          connection
              .client()
              .services()
              .inNamespace(target.namespace())
              .withName(target.name())
              .get();
      if (service == null) throw new ClusterException("The service " + target.name() + " is gone.");
      for (var port : service.getSpec().getPorts()) {
        if (port.getPort() == null || port.getPort() != remotePort) continue;
        IntOrString targetPort = port.getTargetPort();
        if (targetPort == null) return remotePort;
        if (targetPort.getIntVal() != null) return targetPort.getIntVal();
        for (var container : pod.getSpec().getContainers()) {
          if (container.getPorts() == null) continue;
          for (var containerPort : container.getPorts()) {
            if (targetPort.getStrVal().equals(containerPort.getName()))
              return containerPort.getContainerPort();
          }
        }
        throw new ClusterException(
            "The pod "
                + pod.getMetadata().getName()
                + " has no port named "
                + targetPort.getStrVal()
                + ".");
      }
      throw new ClusterException(
          "The service " + target.name() + " has no port " + remotePort + ".");
    }

    private static boolean ready(Pod pod) {
      return pod.getStatus() != null
          && pod.getStatus().getConditions() != null
          && pod.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      closeQuietly(listener);
      // A channel closed while a thread waits in accept() keeps listening until that thread has
      // left it:
      // wait, so that once stop returns the port refuses connections.
      var waiting = acceptor;
      if (waiting != null && waiting != Thread.currentThread()) {
        try {
          waiting.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (var connection : open) closeQuietly(connection);
      open.clear();
      active.remove(this);
      if (released.contains(connection)) closeIfUnused(connection);
      changed();
    }

    private static void closeQuietly(AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Closing is best effort: the forward is over either way.
      }
    }
  }
}
