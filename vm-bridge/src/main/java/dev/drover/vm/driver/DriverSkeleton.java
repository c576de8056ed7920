package dev.drover.vm.driver;

import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmCapabilities;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmException;
import dev.drover.vm.VmFile;
import dev.drover.vm.VmFiles;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmNotice;
import dev.drover.vm.VmStatus;
import dev.drover.vm.process.ProcessRunner;
import dev.drover.vm.process.StatusBroadcaster;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link dev.drover.vm.VmDriver} shares, in the shape of Lima's driver skeleton: the
 * settings and the VM's folder, status delivery, the run of the VM's process (start once, stop with
 * a grace period, Stopped or Error when it ends, once) and the errors' console lines. A driver
 * keeps only how it launches, powers down and explains its own process.
 *
 * <p>{@code S} is what the driver keeps per run (see {@link VmRun#state()}).
 */
public final class DriverSkeleton<S> implements AutoCloseable {

  /** How many of the console's last lines an Error carries. */
  public static final int CONSOLE_LINES_IN_ERRORS = 20;

  private static final Logger LOG = LoggerFactory.getLogger(DriverSkeleton.class);

  /** Launches the VM's process; runs under the skeleton's lock. */
  @FunctionalInterface
  public interface Launch<S> {
    VmRun<S> launch() throws IOException, VmException;
  }

  /** Asks the guest to power down; the skeleton then waits and ends the process if it must. */
  @FunctionalInterface
  public interface PowerDown<S> {
    void ask(VmRun<S> run) throws VmException, InterruptedException;
  }

  /**
   * How a driver's process goes away.
   *
   * @param process "QEMU", "hyperkit", "its WSL session": what the messages call it
   * @param terminateBeforeKill whether the process gets SIGTERM (and 5 s) before SIGKILL once the
   *     grace period is over
   * @param unexpectedExit the Error's reason when the process ended on its own, from its exit code
   */
  public record Shutdown(
      String process, boolean terminateBeforeKill, IntFunction<String> unexpectedExit) {}

  private final Path stateRoot;
  private final Shutdown shutdown;
  private final IntFunction<List<String>> consoleTail;
  private final StatusBroadcaster statuses = new StatusBroadcaster();
  private final Object lock = new Object();
  private volatile VmConfig config = VmConfig.defaults("drover");

  /** The current run; null while nothing runs. Guarded by {@link #lock}. */
  private VmRun<S> run;

  /**
   * @param stateRoot folder holding one subfolder per VM
   * @param consoleTail the console's last lines, for Errors
   */
  public DriverSkeleton(Path stateRoot, Shutdown shutdown, IntFunction<List<String>> consoleTail) {
    this.stateRoot = stateRoot;
    this.shutdown = shutdown;
    this.consoleTail = consoleTail;
  }

  public void configure(VmConfig config) {
    this.config = config;
  }

  public VmConfig config() {
    return config;
  }

  /** The VM's machine folder. */
  public Path folder() {
    return stateRoot.resolve(config.name());
  }

  /** One of the VM's files, in its machine folder. */
  public Path file(VmFile file) {
    return file.in(folder());
  }

  public VmCertificates certificates() {
    return new VmCertificates(file(VmFile.CERTIFICATES));
  }

  public VmStatus status() {
    return statuses.status();
  }

  public AutoCloseable subscribe(VmListener listener) {
    return statuses.subscribe(listener);
  }

  public void notice(VmNotice notice) {
    LOG.info("VM: {}", notice.message());
    statuses.notice(notice);
  }

  /** Sets and sends the status, in the order the callers decided them. */
  public void publish(VmStatus next) {
    synchronized (lock) {
      LOG.info("VM {}: {}", config.name(), next.describe());
      statuses.publish(next);
    }
  }

  /**
   * Publishes {@code next} when {@code run} is still the current run, no stop was asked for, and
   * the status now matches {@code now}; says whether it did.
   */
  public boolean publishIf(VmRun<S> run, Predicate<VmStatus> now, VmStatus next) {
    synchronized (lock) {
      if (this.run != run || run.stopRequested() || !now.test(status())) return false;
      publish(next);
      return true;
    }
  }

  /** The current run, if any. */
  public Optional<VmRun<S>> current() {
    synchronized (lock) {
      return Optional.ofNullable(run);
    }
  }

  /**
   * Why the driver cannot run the configured engine now: it is unavailable here, or its guest lacks
   * that engine; empty when it can.
   */
  public Optional<String> cannotRun(VmCapabilities capabilities) {
    var engine = config.engine();
    if (capabilities.available() && capabilities.engines().contains(engine)) {
      return Optional.empty();
    }
    return Optional.of(
        capabilities
            .unavailableReason()
            .orElse(
                "This VM does not offer the " + engine + " engine yet; choose moby in Settings."));
  }

  /**
   * Launches a run unless one is under way (Starting, Running, Degraded or Stopping): publishes an
   * Error and throws when the driver cannot run ({@code cannotRun}) or the launch fails; else
   * publishes Starting, watches the process's end, and waits for the engine on a thread of its own.
   *
   * @param couldNotStart "QEMU could not be started": what an I/O failure of the launch is
   */
  public void start(
      Supplier<Optional<String>> cannotRun,
      String couldNotStart,
      Launch<S> launch,
      Consumer<VmRun<S>> awaitEngine)
      throws VmException {
    synchronized (lock) {
      if (run != null) return;
      var reason = cannotRun.get();
      if (reason.isPresent()) {
        publish(new VmStatus.Error(reason.get(), List.of()));
        throw new VmException(reason.get());
      }
      VmRun<S> launched;
      try {
        launched = launch.launch();
      } catch (VmException e) {
        publish(new VmStatus.Error(e.getMessage(), List.of()));
        throw e;
      } catch (IOException e) {
        var failure = couldNotStart + ": " + e.getMessage();
        publish(new VmStatus.Error(failure, List.of()));
        throw new VmException(failure, e);
      }
      run = launched;
      publish(new VmStatus.Starting(launched.starting()));
      launched.process().onExit().thenAccept(code -> ended(launched, code));
      Thread.ofVirtual().name("vm-boot").start(() -> awaitEngine.accept(launched));
    }
  }

  /**
   * Publishes Stopping, asks the guest to power down, waits up to {@code grace}, then ends the
   * process; returns once Stopped (or Error) is published. Nothing when nothing runs.
   */
  public void stop(Duration grace, PowerDown<S> powerDown) throws VmException {
    VmRun<S> current;
    synchronized (lock) {
      current = run;
      if (current == null) return;
      current.stopRequested.set(true);
      publish(new VmStatus.Stopping());
    }
    var process = current.process();
    Integer code;
    try {
      powerDown.ask(current);
      code = exitWithin(process, grace);
      if (code == null) {
        LOG.warn(
            "the guest did not power down within {} s; ending {}",
            grace.toSeconds(),
            shutdown.process());
        if (shutdown.terminateBeforeKill()) {
          process.destroy(false);
          code = exitWithin(process, Duration.ofSeconds(5));
        }
        if (code == null) {
          process.destroy(true);
          code = exitWithin(process, Duration.ofSeconds(10));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy(true);
      throw new VmException(
          "Stopping the VM was interrupted; " + shutdown.process() + " was ended forcibly", e);
    }
    ended(current, code == null ? -1 : code);
  }

  private static Integer exitWithin(ProcessRunner.Running process, Duration time)
      throws InterruptedException {
    try {
      return process.onExit().get(time.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      return -1;
    }
  }

  /**
   * Keeps why the boot failed (with the console's last lines) for the Error that follows when the
   * process ends; the caller then ends it.
   */
  public void fail(VmRun<S> run, String reason) {
    var tail = consoleTail.apply(CONSOLE_LINES_IN_ERRORS);
    synchronized (lock) {
      run.failure = reason;
      run.failureConsole = tail;
    }
  }

  /**
   * The process ended: Stopped when a stop was asked for, else Error with the console's last lines.
   * Once per run; a second caller returns once the first published.
   */
  void ended(VmRun<S> ended, int exitCode) {
    if (!ended.finished.compareAndSet(false, true)) {
      try {
        ended.endPublished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      var tail = consoleTail.apply(CONSOLE_LINES_IN_ERRORS);
      ended.closeResources();
      synchronized (lock) {
        if (run == ended) run = null;
        if (ended.stopRequested() && ended.failure == null) {
          publish(new VmStatus.Stopped());
          return;
        }
        var reason =
            ended.failure != null ? ended.failure : shutdown.unexpectedExit().apply(exitCode);
        publish(
            new VmStatus.Error(reason, ended.failureConsole != null ? ended.failureConsole : tail));
      }
    } finally {
      ended.endPublished.countDown();
    }
  }

  /** Removes the Docker context and the VM's folder once it is stopped, then says Stopped. */
  public void removeFiles(DockerContextWriter contexts) throws VmException {
    try {
      contexts.remove(config.name());
      VmFiles.deleteTree(folder());
    } catch (IOException e) {
      throw new VmException(
          "Could not remove the VM's files in " + folder() + ": " + e.getMessage(), e);
    }
    synchronized (lock) {
      if (!(status() instanceof VmStatus.Stopped)) publish(new VmStatus.Stopped());
    }
  }

  /**
   * A line of the guest's console: the guest's init reports its boot phases ("starting dockerd",
   * "formatting the data disk"), which the Starting status shows, and clock re-syncs, which are
   * told as notices.
   */
  public void consoleLine(String line) {
    if (!line.startsWith("drover-guest: ")) return;
    var message = line.substring("drover-guest: ".length());
    if (message.startsWith("clock re-synced")) {
      notice(
          new VmNotice(
              Instant.now(),
              VmNotice.Kind.CLOCK_SYNCED,
              "the VM's clock was re-synced with this computer's (" + message + ")"));
    } else if (message.startsWith("starting ") || message.startsWith("formatting")) {
      current()
          .ifPresent(
              run ->
                  publishIf(
                      run,
                      now -> now instanceof VmStatus.Starting,
                      new VmStatus.Starting(message)));
    }
  }

  /** Moves the last boot's console aside, so the new one starts empty. */
  public void keepPreviousConsole() throws IOException {
    var console = file(VmFile.CONSOLE_LOG);
    if (Files.exists(console)) {
      Files.move(console, file(VmFile.PREVIOUS_CONSOLE_LOG), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The last {@code lines} lines of a log file; empty when it cannot be read. */
  public static List<String> tailOf(Path file, int lines) {
    try {
      var all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Stops the VM with {@code stop} (a driver's process is its child), then the event thread. */
  public void close(StopAction stop) {
    try {
      stop.stop();
    } catch (VmException e) {
      LOG.warn("stopping the VM on close failed: {}", e.getMessage());
    }
    statuses.close();
  }

  /** The driver's own stop, for {@link #close}. */
  @FunctionalInterface
  public interface StopAction {
    void stop() throws VmException;
  }

  @Override
  public void close() {
    statuses.close();
  }
}
