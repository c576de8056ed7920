package dev.drover.vm.instance;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmCapabilities;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import dev.drover.vm.process.StatusBroadcaster;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A driver that is Running as soon as it starts; counts its starts. */
final class FakeDriver implements VmDriver {

  final AtomicInteger starts = new AtomicInteger();
  final AtomicInteger deletes = new AtomicInteger();
  volatile VmConfig config;

  /** Everyone who ever subscribed, to deliver a status late as an event already under way is. */
  final List<VmListener> subscribers = new CopyOnWriteArrayList<>();

  private final StatusBroadcaster statuses = new StatusBroadcaster();
  private volatile List<String> portsNotForwarded = List.of();

  /** A published port the host already uses, as the QEMU driver reports one. */
  void refusePort(String port) {
    portsNotForwarded = List.of(port);
    statuses.notice(new VmNotice(Instant.now(), VmNotice.Kind.PORT_CONFLICT, "port " + port));
  }

  @Override
  public List<String> portsNotForwarded() {
    return portsNotForwarded;
  }

  @Override
  public VmCapabilities capabilities() {
    return new VmCapabilities(
        DriverKind.QEMU, Optional.empty(), "none", Set.of(VmConfig.Engine.MOBY), true, false);
  }

  @Override
  public void configure(VmConfig config) {
    this.config = config;
  }

  @Override
  public void create() {}

  @Override
  public synchronized void start() {
    if (statuses.status().processRuns()) return;
    starts.incrementAndGet();
    statuses.publish(new VmStatus.Starting("booting"));
    statuses.publish(
        new VmStatus.Running(EngineEndpoint.of("drover", URI.create("tcp://127.0.0.1:2376"))));
  }

  @Override
  public synchronized void stop(Duration grace) {
    if (!statuses.status().processRuns()) return;
    statuses.publish(new VmStatus.Stopping());
    statuses.publish(new VmStatus.Stopped());
  }

  @Override
  public synchronized void delete() {
    stop(grace());
    deletes.incrementAndGet();
    statuses.publish(new VmStatus.Stopped());
  }

  private static Duration grace() {
    return Duration.ofSeconds(1);
  }

  @Override
  public VmStatus status() {
    return statuses.status();
  }

  @Override
  public AutoCloseable subscribe(VmListener listener) {
    subscribers.add(listener);
    return statuses.subscribe(listener);
  }

  @Override
  public void close() {
    stop(grace());
    statuses.close();
  }
}
