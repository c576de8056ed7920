package dev.drover.vm.wsl;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.VmCapabilities;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmException;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import dev.drover.vm.network.HostTrustStore;
import dev.drover.vm.process.EngineProbe;
import dev.drover.vm.process.ProcessRunner;
import dev.drover.vm.process.StatusBroadcaster;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the guest as a WSL 2 distribution on Windows: {@code wsl --import} of the guest's root file
 * system tarball, then a {@code wsl --distribution … --exec} session that starts containerd and
 * dockerd (mutual TLS on the distribution's localhost:2376, which WSL forwards to Windows'
 * loopback) and lives as long as the engine. Stop is {@code wsl --terminate}, delete {@code wsl
 * --unregister}. CPUs and memory are WSL's own (.wslconfig), shared by every distribution, so
 * {@link VmConfig#cpus()} and {@link VmConfig#memoryMib()} are not honoured; the disk grows on its
 * own.
 *
 * <p>Per VM, under {@code stateRoot/<name>}: the distribution's disk (ext4.vhdx), tls/,
 * console.log.
 */
public final class Wsl2Driver implements VmDriver {

  private static final Logger LOG = LoggerFactory.getLogger(Wsl2Driver.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);
  private static final int CONSOLE_LINES_IN_ERRORS = 20;

  private final ProcessRunner runner;
  private final WslCommands commands;
  private final Path rootfsTarball;
  private final Path stateRoot;
  private final DockerContextWriter contexts;
  private final EngineProbe probe;
  private final Duration bootTimeout;
  private final Duration probeInterval;
  private final StatusBroadcaster statuses = new StatusBroadcaster();
  private final Object lock = new Object();

  private volatile VmConfig config = VmConfig.defaults("drover");
  private volatile WslStatus wsl;

  /** The engine session; null while nothing runs. Guarded by {@link #lock}. */
  private Session session;

  public Wsl2Driver(
      ProcessRunner runner,
      WslCommands commands,
      Path rootfsTarball,
      Path stateRoot,
      DockerContextWriter contexts,
      EngineProbe probe,
      Duration bootTimeout,
      Duration probeInterval) {
    this.runner = runner;
    this.commands = commands;
    this.rootfsTarball = rootfsTarball;
    this.stateRoot = stateRoot;
    this.contexts = contexts;
    this.probe = probe;
    this.bootTimeout = bootTimeout;
    this.probeInterval = probeInterval;
  }

  @Override
  public VmCapabilities capabilities() {
    var problem = wslStatus().problem();
    if (problem.isEmpty() && !Files.isReadable(rootfsTarball)) {
      problem =
          Optional.of(
              "the guest root file system " + rootfsTarball + " is missing; reinstall Drover");
    }
    return new VmCapabilities(
        "wsl2",
        problem,
        "wsl2",
        Set.of(VmConfig.Engine.MOBY, VmConfig.Engine.CONTAINERD),
        false,
        false);
  }

  /** What {@code wsl --status} said; asked once. */
  public WslStatus wslStatus() {
    var known = wsl;
    if (known == null) {
      try {
        var result = runner.run(commands.status(), COMMAND_TIMEOUT);
        known = WslStatus.parse(result.exitCode(), text(result));
      } catch (IOException e) {
        known =
            new WslStatus(
                false,
                0,
                Optional.of(
                    "wsl.exe could not be run ("
                        + e.getMessage()
                        + "). Install WSL with `wsl --install` in an administrator terminal."));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new WslStatus(false, 0, Optional.of("interrupted while asking WSL for its status"));
      }
      wsl = known;
    }
    return known;
  }

  @Override
  public void configure(VmConfig config) {
    this.config = config;
  }

  public Path folder() {
    return stateRoot.resolve(config.name());
  }

  public Path consoleLog() {
    return folder().resolve("console.log");
  }

  /** Where the proxy settings (perhaps with a password) and extra CA certificates are written. */
  public Path secretsFolder() {
    return folder().resolve("secrets");
  }

  private VmCertificates certificates() {
    return new VmCertificates(folder().resolve("tls"));
  }

  /**
   * The distribution as {@code wsl --list --verbose} shows it now; empty when it is not registered.
   */
  public Optional<WslDistribution> distribution() throws VmException {
    var result = run(commands.list(), COMMAND_TIMEOUT, "list the WSL distributions");
    // the list is on standard output; warnings ("wsl: ...") go to standard error
    var listed = WslDistribution.parseList(WslText.decode(result.stdout()));
    if (result.exitCode() != 0 && listed.isEmpty()) {
      var output = text(result);
      if (!WslDistribution.noneInstalled(output)) {
        var problem = WslStatus.problemIn(output);
        if (problem.isPresent()) throw new VmException(problem.get());
        throw new VmException(
            "WSL could not list its distributions: " + said(output) + ". Try `wsl --update`.");
      }
    }
    return listed.stream().filter(d -> d.name().equalsIgnoreCase(config.name())).findFirst();
  }

  @Override
  public void create() throws VmException {
    try {
      Files.createDirectories(folder());
      certificates().ensure(config.name());
    } catch (IOException e) {
      throw new VmException("Could not prepare the VM in " + folder() + ": " + e.getMessage(), e);
    }
    if (distribution().isPresent()) return;
    if (!Files.isReadable(rootfsTarball)) {
      throw new VmException(
          "The guest root file system " + rootfsTarball + " is missing; reinstall Drover.");
    }
    var result =
        run(
            commands.importDistribution(config.name(), folder(), rootfsTarball),
            IMPORT_TIMEOUT,
            "import the guest into WSL");
    if (result.exitCode() != 0) {
      var output = text(result);
      var problem = WslStatus.problemIn(output);
      if (problem.isPresent())
        throw new VmException("WSL could not import the guest. " + problem.get());
      throw new VmException(
          "WSL could not import the guest: "
              + said(output)
              + ". Check that WSL 2 works (`wsl --status`) and the disk has space.");
    }
  }

  @Override
  public void start() throws VmException {
    synchronized (lock) {
      if (session != null) return;
      var capabilities = capabilities();
      if (!capabilities.available()) {
        var reason = capabilities.unavailableReason().orElseThrow();
        statuses.publish(new VmStatus.Error(reason, List.of()));
        throw new VmException(reason);
      }
      try {
        create();
        // a session of a Drover that ended without stopping the VM still holds the engine's port
        if (distribution().map(d -> d.state() == WslDistribution.State.RUNNING).orElse(false)) {
          run(commands.terminate(config.name()), COMMAND_TIMEOUT, "end the previous WSL session");
        }
        var console = consoleLog();
        if (Files.exists(console)) {
          Files.move(
              console,
              folder().resolve("console.previous.log"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        var endpoint =
            new EngineEndpoint(
                config.name(),
                URI.create("tcp://127.0.0.1:" + WslCommands.ENGINE_PORT),
                Optional.of(certificates().clientFolder()),
                true,
                EngineEndpoint.Source.EXPLICIT);
        if (config.engine() == VmConfig.Engine.MOBY) { // the Docker CLI talks to dockerd only
          contexts.write(
              config.name(),
              endpoint.host(),
              endpoint.tlsMaterial(),
              "Drover VM " + config.name() + " (WSL 2)");
        } else {
          contexts.remove(config.name());
        }
        var engine = config.engine() == VmConfig.Engine.MOBY ? "moby" : "containerd";
        // The proxy and extra CA certificates, as the QEMU guest gets them; the session copies
        // them in (a proxy on Windows' loopback is reached at WSL's gateway).
        config
            .network()
            .forGuest(
                System.getenv(), HostTrustStore.forThisComputer(runner), WslCommands.WINDOWS_HOST)
            .writeTo(secretsFolder());
        dev.drover.vm.network.LoopbackProxyCheck.inBackgroundForWsl(
            config.network(), System.getenv(), statuses::notice);
        var process =
            runner.launch(
                commands.runEngine(
                    config.name(), engine, certificates().serverFolder(), secretsFolder()),
                console);
        var current = new Session(process, endpoint);
        session = current;
        statuses.publish(new VmStatus.Starting("starting the engine in WSL"));
        process.onExit().thenAccept(code -> ended(current, code));
        Thread.ofVirtual().name("vm-boot").start(() -> awaitEngine(current));
      } catch (IOException | VmException e) {
        var reason =
            e instanceof VmException
                ? e.getMessage()
                : "The VM could not be started: " + e.getMessage();
        statuses.publish(new VmStatus.Error(reason, List.of()));
        throw e instanceof VmException v ? v : new VmException(reason, e);
      }
    }
  }

  @Override
  public void stop(Duration grace) throws VmException {
    Session current;
    synchronized (lock) {
      current = session;
      if (current == null) return;
      current.stopRequested.set(true);
      statuses.publish(new VmStatus.Stopping());
    }
    try {
      // terminate shuts the distribution's kernel side down: dockerd gets no SIGTERM window, so ask
      // first
      var terminated =
          run(commands.terminate(config.name()), COMMAND_TIMEOUT, "stop the WSL distribution");
      if (terminated.exitCode() != 0) LOG.warn("wsl --terminate: {}", text(terminated).strip());
      int code;
      try {
        code = current.process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        current.process.destroy(true);
        code = current.process.onExit().get(10, TimeUnit.SECONDS);
      }
      ended(current, code);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      current.process.destroy(true);
      throw new VmException("Stopping the VM was interrupted; its session was ended", e);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      ended(current, -1);
    }
  }

  @Override
  public void delete() throws VmException {
    stop(Duration.ofSeconds(30));
    if (distribution().isPresent()) {
      var result =
          run(commands.unregister(config.name()), COMMAND_TIMEOUT, "remove the WSL distribution");
      var gone = WslError.in(text(result)).map(e -> e.is(WslError.DISTRO_NOT_FOUND)).orElse(false);
      if (result.exitCode() != 0 && !gone) {
        throw new VmException(
            "WSL could not remove the distribution " + config.name() + ": " + said(text(result)));
      }
    }
    try {
      contexts.remove(config.name());
      dev.drover.vm.VmFiles.deleteTree(folder());
    } catch (IOException e) {
      throw new VmException(
          "Could not remove the VM's files in " + folder() + ": " + e.getMessage(), e);
    }
    synchronized (lock) {
      statuses.publish(new VmStatus.Stopped());
    }
  }

  @Override
  public VmStatus status() {
    return statuses.status();
  }

  @Override
  public AutoCloseable subscribe(VmListener listener) {
    return statuses.subscribe(listener);
  }

  /** Stops the VM: its session is this process's child. */
  @Override
  public void close() {
    try {
      stop(Duration.ofSeconds(30));
    } catch (VmException e) {
      LOG.warn("stopping the VM on close failed: {}", e.getMessage());
    }
    statuses.close();
  }

  private void awaitEngine(Session current) {
    var deadline = Instant.now().plus(bootTimeout);
    var lastFailure = "no answer yet";
    try {
      while (current.process.isAlive() && !current.stopRequested.get()) {
        var failure = probe.failure(current.endpoint, config.engine());
        if (failure.isEmpty()) {
          synchronized (lock) {
            if (session == current && !current.stopRequested.get()) {
              statuses.publish(new VmStatus.Running(current.endpoint, config.engine()));
            }
          }
          return;
        }
        lastFailure = failure.get();
        if (Instant.now().isAfter(deadline)) {
          synchronized (lock) {
            current.failure =
                "The engine in WSL did not answer within "
                    + bootTimeout.toSeconds()
                    + " s ("
                    + lastFailure
                    + "). The console's last lines are below; try a restart, or a factory reset.";
          }
          run(commands.terminate(config.name()), COMMAND_TIMEOUT, "stop the WSL distribution");
          current.process.destroy(true);
          return;
        }
        Thread.sleep(probeInterval);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (VmException e) {
      current.process.destroy(true);
    }
  }

  /**
   * The session ended: Stopped when asked for, else Error with the console's last lines. Once per
   * session.
   */
  private void ended(Session ended, int exitCode) {
    if (!ended.finished.compareAndSet(false, true)) return;
    synchronized (lock) {
      if (session == ended) session = null;
      if (ended.stopRequested.get() && ended.failure == null) {
        statuses.publish(new VmStatus.Stopped());
        return;
      }
      var reason =
          ended.failure != null
              ? ended.failure
              : "The VM stopped unexpectedly: its WSL session exited with code "
                  + exitCode
                  + ". Start it again; the console's last lines are below.";
      statuses.publish(new VmStatus.Error(reason, consoleTail(CONSOLE_LINES_IN_ERRORS)));
    }
  }

  /** The last lines of the engine session's output. */
  public List<String> consoleTail(int lines) {
    try {
      var all = Files.readAllLines(consoleLog(), StandardCharsets.UTF_8);
      return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of();
    }
  }

  private ProcessRunner.Result run(List<String> command, Duration timeout, String what)
      throws VmException {
    try {
      return runner.run(command, timeout);
    } catch (IOException e) {
      throw new VmException("Could not " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException("Interrupted while trying to " + what, e);
    }
  }

  /** What wsl.exe said went wrong: its message and error code, else its first line. */
  private static String said(String output) {
    return WslError.in(output).map(WslError::describe).orElse(WslStatus.firstLine(output.strip()));
  }

  private static String text(ProcessRunner.Result result) {
    return WslText.decode(result.stdout()) + WslText.decode(result.stderr());
  }

  private static final class Session {
    final ProcessRunner.Running process;
    final EngineEndpoint endpoint;
    final AtomicBoolean stopRequested = new AtomicBoolean();
    final AtomicBoolean finished = new AtomicBoolean();

    /** Set when Drover ended the session because the boot failed. Guarded by the driver's lock. */
    String failure;

    Session(ProcessRunner.Running process, EngineEndpoint endpoint) {
      this.process = process;
      this.endpoint = endpoint;
    }
  }
}
