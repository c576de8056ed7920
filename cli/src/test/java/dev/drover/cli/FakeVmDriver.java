package dev.drover.cli;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmCapabilities;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmException;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.process.StatusBroadcaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A driver for the command's tests: boots in a moment, and appends "start <pid>" to a file at every
 * real start, so a test can count how often the VM was started, across processes.
 */
final class FakeVmDriver implements VmDriver {

  private final Path starts;
  private final String failure;
  private final StatusBroadcaster statuses = new StatusBroadcaster();

  /**
   * @param failure when not null, every start fails with this reason
   */
  FakeVmDriver(Path starts, String failure) {
    this.starts = starts;
    this.failure = failure;
  }

  @Override
  public VmCapabilities capabilities() {
    return new VmCapabilities(
        DriverKind.QEMU, Optional.empty(), "none", Set.of(VmConfig.Engine.MOBY), true, false);
  }

  @Override
  public void configure(VmConfig config) {}

  @Override
  public void create() {}

  @Override
  public synchronized void start() throws VmException {
    if (statuses.status().processRuns()) return;
    record("start " + ProcessHandle.current().pid());
    if (failure != null) {
      statuses.publish(
          new VmStatus.Error(
              failure, List.of("[    0.000000] Linux version 6.1", "Kernel panic - not syncing")));
      throw new VmException(failure);
    }
    statuses.publish(new VmStatus.Starting("booting the fake guest"));
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                return;
              }
              synchronized (this) {
                if (statuses.status() instanceof VmStatus.Starting) {
                  statuses.publish(
                      new VmStatus.Running(
                          EngineEndpoint.of("drover", URI.create("tcp://127.0.0.1:2376"))));
                }
              }
            });
  }

  @Override
  public synchronized void stop(Duration grace) {
    if (!statuses.status().processRuns()) return;
    statuses.publish(new VmStatus.Stopping());
    statuses.publish(new VmStatus.Stopped());
  }

  @Override
  public synchronized void delete() {
    stop(Duration.ofSeconds(1));
    record("delete " + ProcessHandle.current().pid());
    statuses.publish(new VmStatus.Stopped());
  }

  @Override
  public VmStatus status() {
    return statuses.status();
  }

  /**
   * What ports-not-forwarded.txt beside the starts file lists (one port a line), as a driver whose
   * host ports were taken reports them.
   */
  @Override
  public List<String> portsNotForwarded() {
    var file = starts.resolveSibling("ports-not-forwarded.txt");
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public AutoCloseable subscribe(VmListener listener) {
    return statuses.subscribe(listener);
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(1));
    statuses.close();
  }

  private void record(String line) {
    try {
      Files.writeString(starts, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CliEnvironment.Drivers drivers(Path starts, String failure) {
    return new CliEnvironment.Drivers() {
      @Override
      public VmDriver create(VmInstance instance, VmSettings settings) {
        return new FakeVmDriver(starts, failure);
      }

      @Override
      public DriverKind kind(VmSettings settings) {
        return DriverKind.QEMU;
      }
    };
  }
}
