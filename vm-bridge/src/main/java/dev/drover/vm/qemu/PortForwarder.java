package dev.drover.vm.qemu;

import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerUpdate;
import dev.drover.engine.EngineListener;
import dev.drover.engine.EngineStatus;
import dev.drover.vm.VmNotice;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every port a running container publishes in the VM reachable on the host's loopback at the
 * same number, by adding and removing QEMU user-network forwards at run time. Driven by the
 * engine's container events (through an {@link dev.drover.engine.EngineWatcher}), so a port appears
 * as soon as its container starts.
 *
 * <p>A port the host already uses cannot be forwarded: that is reported as a {@link
 * VmNotice.Kind#PORT_CONFLICT} notice and tried again only after the container publishing it stops
 * and starts again.
 */
final class PortForwarder implements EngineListener {

  /** A forwarded host port. */
  record Port(String protocol, int number) implements Comparable<Port> {
    @Override
    public int compareTo(Port other) {
      var byNumber = Integer.compare(number, other.number);
      return byNumber != 0 ? byNumber : protocol.compareTo(other.protocol);
    }

    String rule() {
      return protocol + ":127.0.0.1:" + number;
    }
  }

  /** The QMP side, an interface so the reconciliation is unit-tested without QEMU. */
  interface Forwards {
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
  private final Set<Port> conflicted = new HashSet<>();

  PortForwarder(Forwards forwards, Consumer<VmNotice> notices) {
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

  private void record(ContainerSummary container) {
    var ports = new HashSet<Port>();
    if ("running".equalsIgnoreCase(container.state())) {
      for (var published : container.ports()) {
        if (published.hostPort() > 0)
          ports.add(
              new Port(
                  published.protocol() == null ? "tcp" : published.protocol(),
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
    conflicted.retainAll(wanted);
    for (var port : Set.copyOf(forwarded)) {
      if (wanted.contains(port)) continue;
      try {
        forwards.remove(port);
        forwarded.remove(port);
        notices.accept(
            new VmNotice(
                Instant.now(),
                VmNotice.Kind.PORT_UNFORWARDED,
                "port " + port.number() + "/" + port.protocol() + " is no longer forwarded"));
      } catch (IOException e) {
        LOG.warn("could not remove the forward of port {}: {}", port, e.getMessage());
        forwarded.remove(port);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (var port : wanted) {
      if (forwarded.contains(port) || conflicted.contains(port)) continue;
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
                      + " is reachable on 127.0.0.1:"
                      + port.number()));
        } else {
          conflicted.add(port);
          notices.accept(
              new VmNotice(
                  Instant.now(),
                  VmNotice.Kind.PORT_CONFLICT,
                  "port "
                      + port.number()
                      + "/"
                      + port.protocol()
                      + " of "
                      + owner(port)
                      + " is already used on this computer, so it is reachable only inside the VM; "
                      + "stop the program using it, or publish the container on another port"));
          LOG.warn("forward of port {} refused: {}", port, complaint);
        }
      } catch (IOException e) {
        conflicted.add(port);
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
