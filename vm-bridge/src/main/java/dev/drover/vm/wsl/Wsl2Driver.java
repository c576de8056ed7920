package dev.drover.vm.wsl;

import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DockerContextWriter;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmCapabilities;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmDriver;
import dev.drover.vm.VmException;
import dev.drover.vm.VmFile;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import dev.drover.vm.driver.BootWait;
import dev.drover.vm.driver.DriverSkeleton;
import dev.drover.vm.driver.VmRun;
import dev.drover.vm.network.HostTrustStore;
import dev.drover.vm.network.LoopbackProxyCheck;
import dev.drover.vm.process.EngineProbe;
import dev.drover.vm.process.ProcessRunner;
import dev.drover.vm.tls.VmCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  private final ProcessRunner runner;
  private final WslCommands commands;
  private final Path rootfsTarball;
  private final DockerContextWriter contexts;
  private final EngineProbe probe;
  private final BootWait bootWait;

  /** The engine session's runs, each keeping the engine's endpoint. */
  private final DriverSkeleton<EngineEndpoint> skeleton;

  private volatile WslStatus wsl;

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
    this.contexts = contexts;
    this.probe = probe;
    this.bootWait = new BootWait(bootTimeout, probeInterval);
    this.skeleton =
        new DriverSkeleton<>(
            stateRoot,
            new DriverSkeleton.Shutdown("its session", false, Wsl2Driver::unexpectedExit),
            this::consoleTail);
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
        DriverKind.WSL2,
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
    skeleton.configure(config);
  }

  public Path folder() {
    return skeleton.folder();
  }

  public Path consoleLog() {
    return skeleton.file(VmFile.CONSOLE_LOG);
  }

  /** Where the proxy settings (perhaps with a password) and extra CA certificates are written. */
  public Path secretsFolder() {
    return skeleton.file(VmFile.SECRETS);
  }

  private VmCertificates certificates() {
    return skeleton.certificates();
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
    var name = skeleton.config().name();
    return listed.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
  }

  @Override
  public void create() throws VmException {
    var config = skeleton.config();
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
    skeleton.start(
        () -> skeleton.cannotRun(capabilities()),
        "The VM could not be started",
        this::launch,
        this::awaitEngine);
  }

  private VmRun<EngineEndpoint> launch() throws IOException, VmException {
    var config = skeleton.config();
    create();
    // a session of a Drover that ended without stopping the VM still holds the engine's port
    if (distribution().map(d -> d.state() == WslDistribution.State.RUNNING).orElse(false)) {
      run(commands.terminate(config.name()), COMMAND_TIMEOUT, "end the previous WSL session");
    }
    skeleton.keepPreviousConsole();
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
    // The proxy and extra CA certificates, as the QEMU guest gets them; the session copies
    // them in (a proxy on Windows' loopback is reached at WSL's gateway).
    config
        .network()
        .forGuest(System.getenv(), HostTrustStore.forThisComputer(runner), WslCommands.WINDOWS_HOST)
        .writeTo(secretsFolder());
    LoopbackProxyCheck.inBackgroundForWsl(config.network(), System.getenv(), skeleton::notice);
    var process =
        runner.launch(
            commands.runEngine(
                config.name(), config.engine(), certificates().serverFolder(), secretsFolder()),
            consoleLog());
    return new VmRun<>(process, endpoint, "starting the engine in WSL");
  }

  @Override
  public void stop(Duration grace) throws VmException {
    // terminate shuts the distribution's kernel side down: dockerd gets no SIGTERM window, so ask
    // first
    skeleton.stop(
        grace,
        run -> {
          var terminated =
              run(
                  commands.terminate(skeleton.config().name()),
                  COMMAND_TIMEOUT,
                  "stop the WSL distribution");
          if (terminated.exitCode() != 0) LOG.warn("wsl --terminate: {}", text(terminated).strip());
        });
  }

  @Override
  public void delete() throws VmException {
    var config = skeleton.config();
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
    skeleton.removeFiles(contexts);
  }

  @Override
  public VmStatus status() {
    return skeleton.status();
  }

  @Override
  public AutoCloseable subscribe(VmListener listener) {
    return skeleton.subscribe(listener);
  }

  /** Stops the VM: its session is this process's child. */
  @Override
  public void close() {
    skeleton.close(() -> stop(Duration.ofSeconds(30)));
  }

  private void awaitEngine(VmRun<EngineEndpoint> current) {
    var engine = skeleton.config().engine();
    try {
      var outcome =
          bootWait.await(
              current,
              "no answer yet",
              () ->
                  probe
                      .failure(current.state(), engine)
                      .map(BootWait.Attempt::failed)
                      .orElseGet(BootWait.Attempt::answered));
      switch (outcome) {
        case BootWait.Outcome.Answered answered ->
            skeleton.publishIf(current, now -> true, new VmStatus.Running(current.state(), engine));
        case BootWait.Outcome.GaveUp gaveUp -> {
          skeleton.fail(current, bootWait.timeoutMessage("in WSL", gaveUp.lastFailure()));
          run(
              commands.terminate(skeleton.config().name()),
              COMMAND_TIMEOUT,
              "stop the WSL distribution");
          current.process().destroy(true);
        }
        case BootWait.Outcome.Ended ended -> {}
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (VmException e) {
      current.process().destroy(true);
    }
  }

  private static String unexpectedExit(int exitCode) {
    return "The VM stopped unexpectedly: its WSL session exited with code "
        + exitCode
        + ". Start it again; the console's last lines are below.";
  }

  /** The last lines of the engine session's output. */
  public List<String> consoleTail(int lines) {
    return DriverSkeleton.tailOf(consoleLog(), lines);
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
}
