package dev.drover.vm.agent;

import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.vm.VmNotice;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every port a running container publishes in the VM reachable on the host at the same number
 * and on the address it was published on (all addresses, 127.0.0.1 or ::1; TCP and UDP), by adding
 * and removing QEMU user-network forwards at run time. Driven by the engine's container events
 * (through an {@link dev.drover.engine.EngineWatcher}), so a port appears as soon as its container
 * starts.
 *
 * <p>A port the host already uses cannot be forwarded: that is reported as a {@link
 * VmNotice.Kind#PORT_CONFLICT} notice, listed by {@link #notForwarded()}, and tried again only
 * after the container publishing it stops and starts again.
 */
public final class PortForwarder implements EngineListener {

  /**
   * A host address a container port can be published on, and the guest address its forward goes to.
   * Inside the guest, the engine's port proxy listens for loopback publications on a guest address
   * of its own instead of the guest's loopback, which QEMU's forwards cannot reach (see
   * guest/init).
   */
  public enum HostAddress {
    ALL("0.0.0.0", GUEST_ADDRESS),
    LOOPBACK("127.0.0.1", "10.0.2.100"),
    LOOPBACK6("::1", "10.0.2.101");

    private final String host;
    private final String guest;

    HostAddress(String host, String guest) {
      this.host = host;
      this.guest = guest;
    }

    /** The address the host listens on. */
    public String host() {
      return host;
    }

    /** Where in the guest the engine's proxy listens for this address's ports. */
    public String guest() {
      return guest;
    }

    /** "127.0.0.1:5432", "[::1]:5432". */
    public String hostAndPort(int port) {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The address a port published on {@code hostIp} (as the engine reports it) is forwarded on.
     */
    public static Optional<HostAddress> of(String hostIp) {
      if (hostIp == null) return Optional.of(ALL);
      return switch (hostIp.strip()) {
        case "", "0.0.0.0", "::", "[::]" -> Optional.of(ALL);
        case "127.0.0.1", "localhost" -> Optional.of(LOOPBACK);
        case "::1", "[::1]" -> Optional.of(LOOPBACK6);
        default -> Optional.empty();
      };
    }
  }

  /** The guest's own address on QEMU's user network. */
  public static final String GUEST_ADDRESS = "10.0.2.15";

  /** A forwarded host port. */
  public record Port(String protocol, HostAddress address, int number) implements Comparable<Port> {
    @Override
    public int compareTo(Port other) {
      var byNumber = Integer.compare(number, other.number);
      if (byNumber != 0) return byNumber;
      var byProtocol = protocol.compareTo(other.protocol);
      return byProtocol != 0 ? byProtocol : address.compareTo(other.address);
    }

    /** QEMU's host side of the forward, as hostfwd_add and hostfwd_remove name it. */
    public String rule() {
      return protocol + ":" + address.host() + ":" + number;
    }

    /** hostfwd_add's whole rule: the host side, then the guest side. */
    public String forwardRule() {
      return rule() + "-" + address.guest() + ":" + number;
    }

    /** "5432/tcp on 127.0.0.1", as a user reads it. */
    public String describe() {
      return number + "/" + protocol + " on " + address.host();
    }
  }

  /** The QMP side, an interface so the reconciliation is unit-tested without QEMU. */
  public interface Forwards {
    /** Returns QEMU's complaint, empty when the forward was added. */
    String add(Port port) throws IOException, InterruptedException;

    void remove(Port port) throws IOException, InterruptedException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(PortForwarder.class);

  private final Forwards forwards;
  private final Consumer<VmNotice> notices;
  private final Map<String, Set<Port>> portsByContainer = new HashMap<>();
  private final Map<String, String> namesByContainer = new HashMap<>();
  private final Set<Port> forwarded = new TreeSet<>();

  /** Ports that could not be forwarded, with why. */
  private final Map<Port, String> conflicted = new HashMap<>();

  public PortForwarder(Forwards forwards, Consumer<VmNotice> notices) {
    this.forwards = forwards;
    this.notices = notices;
  }

  @Override
  public void statusChanged(EngineStatus status) {
    // a reconnect is followed by a Reset, which brings the forwards in line
  }

  @Override
  public synchronized void containersChanged(ContainerUpdate update) {
    switch (update) {
      case ContainerUpdate.Reset reset -> {
        portsByContainer.clear();
        namesByContainer.clear();
        reset.containers().forEach(this::record);
      }
      case ContainerUpdate.Upsert upsert -> record(upsert.container());
      case ContainerUpdate.Removed removed -> {
        portsByContainer.remove(removed.id());
        namesByContainer.remove(removed.id());
      }
    }
    reconcile();
  }

  /** The host ports forwarded now. */
  synchronized Set<Port> forwarded() {
    return Set.copyOf(forwarded);
  }

  /**
   * The published ports that could not be forwarded, each with its container and why: "18082/tcp on
   * 127.0.0.1 of container web: already used on this computer".
   */
  public synchronized List<String> notForwarded() {
    return conflicted.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey().describe() + " of " + owner(e.getKey()) + ": " + e.getValue())
        .toList();
  }

  private void record(ContainerSummary container) {
    var ports = new HashSet<Port>();
    if ("running".equalsIgnoreCase(container.state())) {
      for (var published : container.ports()) {
        if (published.hostPort() <= 0) continue;
        var address = HostAddress.of(published.hostIp());
        if (address.isEmpty()) {
          LOG.info(
              "port {} of {} is published on {}, which this computer cannot forward",
              published.hostPort(),
              container.name(),
              published.hostIp());
          continue;
        }
        ports.add(
            new Port(
                published.protocol() == null ? "tcp" : published.protocol(),
                address.get(),
                published.hostPort()));
      }
    }
    if (ports.isEmpty()) {
      portsByContainer.remove(container.id());
    } else {
      portsByContainer.put(container.id(), ports);
      namesByContainer.put(container.id(), container.name());
    }
  }

  private void reconcile() {
    var wanted = new TreeSet<Port>();
    portsByContainer.values().forEach(wanted::addAll);
    for (var port : Set.copyOf(conflicted.keySet())) {
      if (wanted.contains(port)) continue;
      conflicted.remove(port);
      notices.accept(
          new VmNotice(
              Instant.now(),
              VmNotice.Kind.PORT_UNFORWARDED,
              "port " + port.describe() + " is no longer published (it could not be forwarded)"));
    }
    for (var port : Set.copyOf(forwarded)) {
      if (wanted.contains(port)) continue;
      try {
        forwards.remove(port);
        forwarded.remove(port);
        notices.accept(
            new VmNotice(
                Instant.now(),
                VmNotice.Kind.PORT_UNFORWARDED,
                "port " + port.describe() + " is no longer forwarded"));
      } catch (IOException e) {
        LOG.warn("could not remove the forward of port {}: {}", port, e.getMessage());
        forwarded.remove(port);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (var port : wanted) {
      if (forwarded.contains(port) || conflicted.containsKey(port)) continue;
      try {
        var complaint = forwards.add(port);
        if (complaint.isEmpty()) {
          forwarded.add(port);
          notices.accept(
              new VmNotice(
                  Instant.now(),
                  VmNotice.Kind.PORT_FORWARDED,
                  "port "
                      + port.number()
                      + "/"
                      + port.protocol()
                      + " of "
                      + owner(port)
                      + " is reachable on "
                      + port.address().hostAndPort(port.number())));
        } else {
          conflicted.put(port, "already used on this computer");
          notices.accept(
              new VmNotice(
                  Instant.now(),
                  VmNotice.Kind.PORT_CONFLICT,
                  "port "
                      + port.number()
                      + "/"
                      + port.protocol()
                      + " on "
                      + port.address().host()
                      + " of "
                      + owner(port)
                      + " is already used on this computer, so it is reachable only inside the VM; "
                      + "stop the program using it, or publish the container on another port"));
          LOG.warn("forward of port {} refused: {}", port, complaint);
        }
      } catch (IOException e) {
        conflicted.put(port, e.getMessage());
        notices.accept(
            new VmNotice(
                Instant.now(),
                VmNotice.Kind.PORT_CONFLICT,
                "port "
                    + port.number()
                    + "/"
                    + port.protocol()
                    + " could not be forwarded: "
                    + e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private String owner(Port port) {
    return portsByContainer.entrySet().stream()
        .filter(e -> e.getValue().contains(port))
        .map(
            e ->
                "container "
                    + namesByContainer.getOrDefault(
                        e.getKey(), e.getKey().substring(0, Math.min(12, e.getKey().length()))))
        .findFirst()
        .orElse("a container");
  }
}
