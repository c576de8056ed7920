package dev.drover.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drover.engine.DockerClients;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmConfig;
import dev.drover.vm.VmException;
import dev.drover.vm.VmState;
import dev.drover.vm.VmStatus;
import dev.drover.vm.diagnostics.DiagnosticsBundle;
import dev.drover.vm.guest.GuestConsole;
import dev.drover.vm.host.HostDrivers;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmLock;
import dev.drover.vm.instance.VmOwner;
import dev.drover.vm.instance.VmStatusSnapshot;
import dev.drover.vm.process.ProcessMemory;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drover vm …}: the same VM the app shows. Whoever holds the VM's lock (the app, or a
 * detached {@code drover vm serve} process) runs it; these commands ask that owner over its control
 * socket, and start a detached owner when there is none, so the VM is never started twice.
 */
@Command(
    name = "vm",
    description = "Start, stop and inspect the Linux VM that runs the container engine.",
    mixinStandardHelpOptions = true)
public final class VmCommands implements Runnable {

  /** Exit codes: 0 done, 1 failed (the message says why), 2 bad usage (picocli's). */
  static final int OK = 0;

  static final int FAILED = 1;

  private final CliEnvironment env;

  @Spec CommandSpec spec;

  public VmCommands(CliEnvironment env) {
    this.env = env;
  }

  /** Without a subcommand: the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(out());
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private String vm() {
    return env.instance().name();
  }

  @Command(
      name = "start",
      description =
          "Start the VM (or join the one already running) and wait until its engine answers.")
  int start(
      @Option(names = "--no-wait", description = "Return once the boot has begun.")
          boolean noWait) {
    var control = new VmControl(env.instance());
    try {
      if (control.hasOwner()) {
        var now = control.status();
        if (now.state() == VmState.RUNNING) {
          out()
              .printf(
                  "VM %s is already running (pid %d); engine at %s%n",
                  vm(), now.ownerPid(), now.engineHost());
          return OK;
        }
      } else {
        var launched = Instant.now();
        var spawned = env.owners().launch(env.instance());
        if (!control.awaitOwner(Duration.ofSeconds(60), spawned, launched)) {
          // An owner that fails at once may still be writing its reason when the wait above sees it
          // gone.
          var left = control.status();
          var reasonDeadline = Instant.now().plus(OWNER_REASON_WITHIN);
          while (!isReasonOf(left, launched) && Instant.now().isBefore(reasonDeadline)) {
            Thread.sleep(50);
            left = control.status();
          }
          if (isReasonOf(left, launched)) return failed(left.detail(), left);
          err()
              .printf(
                  "The VM %s could not be started: its owner process ended. See %s%n",
                  vm(), env.instance().ownerLog());
          return FAILED;
        }
      }
      // idempotent: a new owner is already starting; the app, as owner, may have the VM stopped
      var reply = control.request("start", Duration.ZERO);
      if (!reply.ok()) return failed(reply.error().orElse("the VM did not start"), reply.status());
      if (noWait) {
        out().printf("VM %s: %s%n", vm(), describe(reply.status()));
        return OK;
      }
      return awaitRunning(control);
    } catch (VmException | IOException e) {
      // an owner that failed at once is gone before it could answer; it left the reason behind
      var left = control.status();
      if (left.state() == VmState.ERROR) return failed(left.detail(), left);
      err().println(e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  /**
   * How long a start waits for a failed owner's reason in the status file before it says only that
   * it ended.
   */
  private static final Duration OWNER_REASON_WITHIN = Duration.ofSeconds(3);

  private static boolean isReasonOf(VmStatusSnapshot status, Instant launched) {
    return status.state() == VmState.ERROR && VmControl.writtenSince(status, launched);
  }

  private int awaitRunning(VmControl control) throws VmException {
    var lastDetail = new String[] {""};
    var started = new boolean[] {false};
    var end =
        control.watch(
            s -> {
              if (s.state() == VmState.STARTING) started[0] = true;
              return s.state() == VmState.RUNNING
                  || s.state() == VmState.ERROR
                  || (started[0] && s.state() == VmState.STOPPED);
            },
            s -> {
              if (s.state() == VmState.STARTING && !s.detail().equals(lastDetail[0])) {
                lastDetail[0] = s.detail();
                out().printf("Starting: %s%n", s.detail());
                out().flush();
              }
            },
            env.startTimeout());
    if (end.isEmpty()) {
      err()
          .printf(
              "The VM %s did not become ready within %d s; it keeps starting. Follow it with `drover vm status`.%n",
              vm(), env.startTimeout().toSeconds());
      return FAILED;
    }
    var last = end.get();
    if (last.state() == VmState.RUNNING) {
      out()
          .printf(
              "VM %s is running (pid %d); engine at %s%n",
              vm(), last.ownerPid(), last.engineHost());
      return OK;
    }
    return failed(last.detail().isEmpty() ? "the VM stopped while starting" : last.detail(), last);
  }

  private int failed(String reason, VmStatusSnapshot status) {
    err().printf("The VM %s failed: %s%n", vm(), reason);
    if (status != null && !status.consoleTail().isEmpty()) {
      err().println("Last console lines:");
      status.consoleTail().forEach(line -> err().println("  " + line));
    }
    return FAILED;
  }

  @Command(name = "stop", description = "Power the VM down (forcefully after the grace period).")
  int stop(
      @Option(
              names = "--grace",
              defaultValue = "30",
              description = "Seconds the guest gets to power down (default ${DEFAULT-VALUE}).")
          long graceSeconds) {
    var control = new VmControl(env.instance());
    if (!control.hasOwner()) {
      out().printf("VM %s is not running%n", vm());
      return OK;
    }
    try {
      var reply = control.request("stop", Duration.ofSeconds(Math.max(1, graceSeconds)));
      if (!reply.ok()) return failed(reply.error().orElse("the VM did not stop"), reply.status());
      out().printf("VM %s stopped%n", vm());
      return OK;
    } catch (VmException e) {
      err().println(e.getMessage());
      return FAILED;
    }
  }

  @Command(name = "restart", description = "Stop the VM and start it again.")
  int restart(
      @Option(
              names = "--grace",
              defaultValue = "30",
              description = "Seconds the guest gets to power down.")
          long graceSeconds) {
    var control = new VmControl(env.instance());
    if (!control.hasOwner()) return start(false);
    try {
      var reply = control.request("restart", Duration.ofSeconds(Math.max(1, graceSeconds)));
      if (!reply.ok())
        return failed(reply.error().orElse("the VM did not restart"), reply.status());
      return awaitRunning(control);
    } catch (VmException e) {
      err().println(e.getMessage());
      return FAILED;
    }
  }

  @Command(
      name = "status",
      description = "Show the VM's state (and its engine's address while running).")
  int status(@Option(names = "--json", description = "Print the status as JSON.") boolean json) {
    var status = new VmControl(env.instance()).status();
    var footprint =
        new DiagnosticsBundle(env.folders(), env.instance(), status.driver()).memoryFootprint();
    if (json) {
      try {
        var document = (ObjectNode) Json.MAPPER.valueToTree(status);
        // measured now, not when the owner last wrote the status
        if (footprint.isPresent()) document.put("memoryFootprintBytes", footprint.getAsLong());
        else document.putNull("memoryFootprintBytes");
        out().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
      } catch (IOException e) {
        err().println("Could not write the status as JSON: " + e.getMessage());
        return FAILED;
      }
      return OK;
    }
    out().printf("VM:      %s%n", vm());
    out().printf("State:   %s%n", describe(status));
    if (status.engineHost() != null) {
      out()
          .printf(
              "Engine:  %s %s%n",
              status.engine() == VmConfig.Engine.CONTAINERD
                  ? "containerd (gRPC, mutual TLS)"
                  : "dockerd",
              status.engineHost());
    }
    if (status.driver() != null) out().printf("Driver:  %s%n", status.driver().word());
    if (status.ownerPid() > 0) out().printf("Owner:   pid %d%n", status.ownerPid());
    footprint.ifPresent(
        bytes ->
            out()
                .printf(
                    "Memory:  %s on this computer (the hypervisor's resident memory)%n",
                    ProcessMemory.describe(bytes)));
    if (!status.portsNotForwarded().isEmpty()) {
      out().println("Ports not forwarded to this computer (reachable only inside the VM):");
      status.portsNotForwarded().forEach(port -> out().println("  " + port));
    }
    if (!status.consoleTail().isEmpty()) {
      out().println("Console (last lines):");
      status.consoleTail().forEach(line -> out().println("  " + line));
    }
    return OK;
  }

  @Command(
      name = "path",
      description = {
        "Print the path the VM's containers see for a host file or folder, for docker run -v:",
        "  docker run -v \"$(drover vm path .)\":/app …",
        "A Windows path becomes WSL 2's /mnt/<drive>/… path; a path outside the shared folders",
        "(Settings → Virtual machine → Shared folders) fails with what to change."
      })
  int path(
      @Parameters(paramLabel = "HOST-PATH", description = "A host path; relative to here.")
          String hostPath) {
    var settings = env.settings();
    var folders = settings.hostFolders(env.drivers().kind(settings));
    String full;
    try {
      full = Path.of(hostPath).toAbsolutePath().normalize().toString();
    } catch (InvalidPathException e) {
      err().printf("\"%s\" is not a path: %s%n", hostPath, e.getMessage());
      return FAILED;
    }
    var problem = folders.problem(full, Files::exists);
    if (problem.isPresent()) {
      err().println(problem.get());
      return FAILED;
    }
    out().println(folders.guestPath(full));
    return OK;
  }

  @Command(
      name = "delete",
      description =
          "Stop the VM and delete it with its disk: images, containers and volumes are lost.")
  int delete(
      @Option(
              names = {"-y", "--yes"},
              description = "Do not ask first.")
          boolean yes) {
    if (!yes) {
      var console = System.console();
      if (console == null) {
        err()
            .printf(
                "Deleting the VM %s removes its images, containers and volumes. Add --yes to confirm.%n",
                vm());
        return FAILED;
      }
      var answer =
          console.readLine(
              "Delete the VM %s with its images, containers and volumes? [y/N] ", vm());
      if (answer == null || !Set.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT))) {
        out().println("Nothing deleted");
        return FAILED;
      }
    }
    var control = new VmControl(env.instance());
    try {
      if (!control.hasOwner()) {
        var lock = VmLock.acquire(env.instance().lockFile(), Duration.ofSeconds(1));
        if (lock.isPresent()) {
          try (var held = lock.get()) {
            var settings = env.settings();
            var driver = env.drivers().create(env.instance(), settings);
            try {
              driver.configure(settings.toConfig(vm()));
              driver.delete();
            } finally {
              driver.close();
            }
            Files.deleteIfExists(env.instance().statusFile());
          }
          out().printf("VM %s deleted%n", vm());
          return OK;
        }
      }
      var reply = control.request("delete", Duration.ZERO);
      if (!reply.ok())
        return failed(reply.error().orElse("the VM was not deleted"), reply.status());
      out().printf("VM %s deleted%n", vm());
      return OK;
    } catch (VmException | IOException e) {
      err().println(e.getMessage());
      return FAILED;
    }
  }

  @Command(name = "shell", description = "Open a root shell in the VM (or run a command there).")
  int shell(
      @Parameters(
              arity = "0..*",
              paramLabel = "COMMAND",
              description = "What to run instead of a shell.")
          List<String> command) {
    var status = new VmControl(env.instance()).status();
    if (status.state() != VmState.RUNNING) {
      err()
          .printf(
              "The VM %s is not running (%s). Start it with `drover vm start`.%n",
              vm(), describe(status));
      return FAILED;
    }
    if (status.engine() == VmConfig.Engine.CONTAINERD)
      return consoleShell(status, command == null ? List.of() : command);
    var docker = findOnPath("docker");
    if (docker == null) {
      err()
          .println(
              "`drover vm shell` needs the docker command; install the Docker CLI and try again.");
      return FAILED;
    }
    var helper = HostDrivers.forThisComputer().helperImage();
    var arguments =
        GuestShell.dockerArguments(
            docker.toString(),
            status,
            System.console() != null,
            command == null ? List.of() : command,
            helper.reference());
    try {
      // The guest's own helper image, loaded from the installed guest: an offline VM pulls nothing.
      try (var client =
          DockerClients.open(
              ((VmStatus.Running) status.toStatus()).engine(), Duration.ofMinutes(2))) {
        helper.ensure(client);
      } catch (RuntimeException e) {
        err()
            .println(
                "The VM's engine could not provide the helper image "
                    + helper.reference()
                    + ": "
                    + e.getMessage());
        return FAILED;
      }
      return new ProcessBuilder(arguments).inheritIO().start().waitFor();
    } catch (IOException e) {
      err().println("Could not run docker: " + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  /**
   * containerd alone has no exec into the guest: the guest's root shell on its virtio console (QEMU
   * only). A command runs framed and returns its exit code; an interactive shell bridges this
   * terminal in raw mode until Ctrl-].
   */
  private int consoleShell(VmStatusSnapshot status, List<String> command) {
    if (status.driver() != null && status.driver() != DriverKind.QEMU) {
      err()
          .println(
              "`drover vm shell` with the containerd engine needs the QEMU driver; this VM runs under "
                  + status.driver().word()
                  + ".");
      return FAILED;
    }
    var console = GuestConsole.in(RunningVmGuests.machineFolder(env.instance(), status));
    try {
      if (!command.isEmpty()) {
        var result = console.run(String.join(" ", command), Duration.ofMinutes(10));
        out().print(result.output());
        out().flush();
        return result.exitCode();
      }
      var tty = Path.of("/dev/tty");
      var raw = System.console() != null && Files.isReadable(tty);
      if (raw) stty(tty, "raw", "-echo");
      try {
        err()
            .println(
                "Root shell in the VM "
                    + vm()
                    + " (containerd: try `ctr -n default containers ls`). Ctrl-] leaves it.\r");
        console.attach(System.in, System.out);
      } finally {
        if (raw) stty(tty, "sane");
        err().println();
      }
      return OK;
    } catch (IOException e) {
      err().println(e.getMessage());
      return FAILED;
    }
  }

  private static void stty(Path tty, String... modes) throws IOException {
    var arguments = new ArrayList<String>();
    arguments.add("stty");
    arguments.addAll(List.of(modes));
    try {
      new ProcessBuilder(arguments).redirectInput(tty.toFile()).start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Hidden: runs the VM in this process until it stops; what {@code vm start} launches detached.
   */
  @Command(name = "serve", hidden = true)
  int serve(@Option(names = "--name", defaultValue = "drover") String name) {
    try {
      var lock = VmLock.acquire(env.instance().lockFile(), Duration.ofSeconds(2));
      if (lock.isEmpty()) {
        err()
            .printf(
                "VM %s is already running (pid %d)%n",
                vm(), VmLock.ownerPid(env.instance().lockFile()).orElse(0));
        return FAILED;
      }
      var settings = env.settings();
      var driver = env.drivers().create(env.instance(), settings);
      driver.configure(settings.toConfig(vm()));
      try (var owner =
          new VmOwner(env.instance(), lock.get(), driver, env.drivers().kind(settings), true)
              .open()) {
        try {
          driver.start();
        } catch (VmException e) {
          err().println(e.getMessage());
          return FAILED;
        }
        owner.awaitClosed();
      } finally {
        driver.close();
      }
      return OK;
    } catch (IOException e) {
      err().println("Could not run the VM: " + e.getMessage());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FAILED;
    }
  }

  static String describe(VmStatusSnapshot status) {
    var name = status.state().name();
    var state = name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    return status.detail().isEmpty() ? state : state + ": " + status.detail();
  }

  private static Path findOnPath(String command) {
    var path = System.getenv().getOrDefault("PATH", "");
    for (var dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      for (var name : List.of(command, command + ".exe")) {
        var candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) return candidate;
      }
    }
    return null;
  }
}
