package dev.drover.vm.instance;

import dev.drover.vm.DriverKind;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmException;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import dev.drover.vm.process.StatusBroadcaster;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's VM: the same one the {@code drover} command sees. While the app holds the VM's lock it
 * owns the driver (and serves the command through {@link VmOwner}); while another process owns it
 * (a {@code drover vm serve} started from a terminal), the app follows that owner's statuses and
 * sends it its commands, and takes over once that owner ends. Either way the app's listeners get
 * one stream of statuses.
 */
public final class SharedVm implements AutoCloseable {

  // Looked up when first needed: the app builds this before its first frame, and logging starts
  // after it.
  private static Logger log() {
    return LoggerFactory.getLogger(SharedVm.class);
  }

  private final VmInstance instance;
  private final Supplier<VmDriver> drivers;
  private final DriverKind driverKind;
  private final VmControl control;
  private final StatusBroadcaster statuses = new StatusBroadcaster();
  private final Object lock = new Object();
  private volatile boolean closed;
  private volatile VmConfig config;

  /** Guarded by {@link #lock}; null while another process owns the VM. */
  private VmOwner owner;

  private AutoCloseable driverSubscription;
  private Thread follower;

  /** The owner elsewhere's published ports that are not forwarded, from its last status. */
  private volatile List<String> remotePorts = List.of();

  /**
   * @param drivers makes this computer's driver when the app becomes the owner
   */
  public SharedVm(
      VmInstance instance, Supplier<VmDriver> drivers, DriverKind driverKind, VmConfig config) {
    this.instance = instance;
    this.drivers = drivers;
    this.driverKind = driverKind;
    this.config = config;
    this.control = new VmControl(instance);
  }

  /** Takes ownership when nobody has it, else follows the owner. Blocks briefly for file I/O. */
  public SharedVm open() {
    if (!claim()) follow();
    return this;
  }

  public DriverKind driverKind() {
    return driverKind;
  }

  public VmInstance instance() {
    return instance;
  }

  /** The other process that owns the VM, when it is not this one. */
  public OptionalLong remoteOwner() {
    synchronized (lock) {
      if (owner != null) return OptionalLong.empty();
    }
    return control.ownerPid();
  }

  /** The driver while this process owns the VM (for its console log). */
  public Optional<VmDriver> localDriver() {
    synchronized (lock) {
      return owner == null ? Optional.empty() : Optional.of(owner.driver());
    }
  }

  /** Settings for the next start; an owner elsewhere keeps the settings it read when it started. */
  public void configure(VmConfig next) {
    config = next;
    localDriver().ifPresent(d -> d.configure(next));
  }

  public VmStatus status() {
    return statuses.status();
  }

  /**
   * The containers' published ports the VM could not forward to this computer, each with its
   * container and why; from the driver while this process owns the VM, else from the owner's
   * status.
   */
  public List<String> portsNotForwarded() {
    var local = localDriver();
    return local.isPresent() ? local.get().portsNotForwarded() : remotePorts;
  }

  /** An owner elsewhere changed its list: listeners get a notice, as the driver would send. */
  private void followedPorts(List<String> ports) {
    var before = remotePorts;
    remotePorts = List.copyOf(ports);
    for (var port : ports) {
      if (!before.contains(port))
        statuses.notice(
            new VmNotice(
                Instant.now(),
                VmNotice.Kind.PORT_CONFLICT,
                "port " + port + "; it is reachable only inside the VM"));
    }
    if (before.stream().anyMatch(p -> !ports.contains(p)))
      statuses.notice(
          new VmNotice(
              Instant.now(),
              VmNotice.Kind.PORT_UNFORWARDED,
              "a port that could not be forwarded is no longer published"));
  }

  public AutoCloseable subscribe(VmListener listener) {
    return statuses.subscribe(listener);
  }

  public void start() throws VmException {
    var local = localOrClaim();
    if (local != null) local.start();
    else remote("start", Duration.ZERO);
  }

  public void stop(Duration grace) throws VmException {
    var local = localDriver().orElse(null);
    if (local != null) local.stop(grace);
    else if (control.hasOwner()) remote("stop", grace);
  }

  public void restart(Duration grace) throws VmException {
    var local = localOrClaim();
    if (local != null) {
      local.stop(grace);
      local.start();
    } else {
      remote("restart", grace);
    }
  }

  /** Stops and deletes the VM with its disk (the factory reset). */
  public void delete() throws VmException {
    var local = localOrClaim();
    if (local != null) local.delete();
    else remote("delete", Duration.ZERO);
  }

  private VmDriver localOrClaim() {
    var local = localDriver();
    if (local.isPresent()) return local.get();
    return claim() ? localDriver().orElse(null) : null;
  }

  private void remote(String command, Duration grace) throws VmException {
    var reply = control.request(command, grace);
    if (!reply.ok())
      throw new VmException(reply.error().orElse("the VM's owner refused " + command));
  }

  /** Becomes the owner if the lock is free. */
  private boolean claim() {
    synchronized (lock) {
      if (owner != null) return true;
      if (closed) return false;
      try {
        var taken = VmLock.acquire(instance.lockFile(), Duration.ofSeconds(1));
        if (taken.isEmpty()) return false;
        var driver = drivers.get();
        driver.configure(config);
        owner = new VmOwner(instance, taken.get(), driver, driverKind, false).open();
        driverSubscription =
            driver.subscribe(
                new VmListener() {
                  @Override
                  public void status(VmStatus status) {
                    statuses.publish(status);
                  }

                  @Override
                  public void notice(VmNotice notice) {
                    statuses.notice(notice);
                  }
                });
        log().info("this process owns the VM {}", instance.name());
        return true;
      } catch (IOException e) {
        log().warn("could not take ownership of the VM {}: {}", instance.name(), e.getMessage());
        return false;
      }
    }
  }

  /**
   * Follows the other owner's statuses until it ends, then takes over (or follows the next one).
   */
  private void follow() {
    synchronized (lock) {
      if (follower != null && follower.isAlive()) return;
      follower =
          Thread.ofVirtual()
              .name("vm-follower")
              .start(
                  () -> {
                    while (!closed) {
                      try {
                        if (control.hasOwner()) {
                          control.watch(
                              s -> closed,
                              s -> {
                                statuses.publish(s.toStatus());
                                followedPorts(s.portsNotForwarded());
                              },
                              Duration.ofDays(365));
                        } else {
                          statuses.publish(
                              control.status().toStatus()); // what the last owner left behind
                        }
                      } catch (VmException e) {
                        log().debug("following the VM's owner: {}", e.getMessage());
                      }
                      if (closed || claim()) return;
                      try {
                        Thread.sleep(1000);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }
  }

  /**
   * Stops the VM if this process runs it (its hypervisor is this process's child) and gives up
   * ownership.
   */
  @Override
  public void close() {
    closed = true;
    VmOwner current;
    synchronized (lock) {
      current = owner;
      owner = null;
      if (follower != null) follower.interrupt();
    }
    if (current != null) {
      try {
        if (driverSubscription != null) driverSubscription.close();
      } catch (Exception ignored) {
        // nothing to release
      }
      current.driver().close();
      current.close();
    }
    statuses.close();
  }
}
