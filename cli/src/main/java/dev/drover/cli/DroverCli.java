package dev.drover.cli;

import dev.drover.core.folders.DroverFolders;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmDriver;
import dev.drover.vm.host.HostDrivers;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.instance.VmInstance;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code drover} command: {@code drover vm start|stop|restart|status|delete|shell}, {@code
 * drover kube enable|disable|reset|versions|status}, {@code drover diagnostics}.
 */
@Command(
    name = "drover",
    mixinStandardHelpOptions = true,
    version = "drover 0.1.0",
    description =
        "Drover from a terminal: the VM that runs the container engine, its Kubernetes cluster, and diagnostics.")
public final class DroverCli implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Without a subcommand: the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The one VM Drover runs per user for now. */
  public static final String VM_NAME = "drover";

  public static void main(String[] args) {
    System.exit(execute(DroverCli::forThisUser, args));
  }

  /**
   * Runs the command as a {@code drover} process does: its logging goes to standard error before
   * anything logs (see {@link CliLogging}), then {@code commands} builds the command tree, which
   * runs {@code args}.
   *
   * @return the exit code
   */
  public static int execute(Supplier<CommandLine> commands, String... args) {
    CliLogging.install();
    return commands.get().execute(args);
  }

  private static CommandLine forThisUser() {
    var host = HostDrivers.forThisComputer();
    var env =
        new CliEnvironment(
            VmInstance.forThisUser(VM_NAME),
            UserFolders.forThisUser(),
            new CliEnvironment.Drivers() {
              @Override
              public VmDriver create(VmInstance instance, VmSettings settings) {
                return host.create(instance, settings.driver());
              }

              @Override
              public DriverKind kind(VmSettings settings) {
                return host.driverKind(settings.driver());
              }
            },
            new DetachedOwner(DroverCli.class.getName()),
            Duration.ofMinutes(10));
    return commandLine(env);
  }

  /** The command tree for an environment (a test passes one with a fake driver). */
  public static CommandLine commandLine(CliEnvironment env) {
    var cache = DroverFolders.forThisMachine().cacheFolder();
    return commandLine(env, KubeServices.forUser(cache, guests(env.instance())));
  }

  /**
   * The way into the running VM's guest for {@code drover kube}: commands through its engine's
   * helper container, the API's forward as the VM's driver offers it (under QEMU through its
   * control socket, so it outlasts the command; see {@link RunningVmGuests}).
   */
  public static KubeServices.Guests guests(VmInstance instance) {
    return RunningVmGuests.of(instance, HostDrivers.forThisComputer().helperImage());
  }

  /**
   * The command tree with the Kubernetes services (a test passes a fake guest and an offline
   * release site).
   */
  public static CommandLine commandLine(CliEnvironment env, KubeServices kube) {
    return new CommandLine(new DroverCli())
        .addSubcommand(new CommandLine(new VmCommands(env)))
        .addSubcommand(new CommandLine(new KubeCommands(env, kube)))
        .addSubcommand(new CommandLine(new DiagnosticsCommand(env)));
  }
}
