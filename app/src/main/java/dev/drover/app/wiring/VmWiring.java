package dev.drover.app.wiring;

import dev.drover.app.ui.concurrent.Background;
import dev.drover.app.ui.tray.VmEngineControl;
import dev.drover.app.ui.vm.VmActions;
import dev.drover.app.ui.vm.VmControlViewModel;
import dev.drover.app.ui.vm.VmSettingsView;
import dev.drover.app.ui.vm.VmSettingsViewModel;
import dev.drover.app.ui.vm.VmStatusItem;
import dev.drover.app.ui.vm.VmTroubleshootingView;
import dev.drover.app.ui.vm.VmTroubleshootingViewModel;
import dev.drover.engine.EngineEndpoint;
import dev.drover.vm.DriverKind;
import dev.drover.vm.VmFile;
import dev.drover.vm.VmListener;
import dev.drover.vm.VmStatus;
import dev.drover.vm.diagnostics.DiagnosticsBundle;
import dev.drover.vm.diagnostics.GuestEngineLog;
import dev.drover.vm.guest.GuestArch;
import dev.drover.vm.guest.GuestConsole;
import dev.drover.vm.guest.GuestPorts;
import dev.drover.vm.host.DriverPortForwarding;
import dev.drover.vm.host.HostDrivers;
import dev.drover.vm.host.HostFolders;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.instance.SharedVm;
import dev.drover.vm.instance.VmInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.scene.Node;

/**
 * The VM's part of the composition root, kept apart so Drover.java stays short: the VM this
 * computer's driver runs (shared with the drover command through its instance folder), and its view
 * models and views.
 */
public final class VmWiring implements AutoCloseable {

  public static final String VM_NAME = "drover";

  private final SharedVm vm;
  private final VmControlViewModel control;
  private final VmSettingsViewModel settings;
  private final VmTroubleshootingViewModel troubleshooting;
  private final Background background;
  private final DriverKind driverKind;
  private final Path machine;
  private final List<AutoCloseable> followers = new ArrayList<>();
  private VmEngineControl engineControl;

  /**
   * @param saved the VM settings from settings.json
   * @param save stores changed VM settings (the Settings view model)
   * @param instance where the VM meets the drover command (lock, status file, control socket)
   * @param settingsFile and logsFolder what diagnostics collect
   */
  public VmWiring(
      VmSettings saved,
      Consumer<VmSettings> save,
      Background background,
      VmInstance instance,
      Path settingsFile,
      Path logsFolder) {
    this.background = background;
    var host = HostDrivers.forThisComputer();
    this.driverKind = host.driverKind(saved.driver());
    this.vm =
        new SharedVm(
            instance,
            () -> host.create(instance, saved.driver()),
            driverKind,
            saved.toConfig(VM_NAME));
    this.control = new VmControlViewModel(VmActions.of(vm), background);
    this.settings =
        new VmSettingsViewModel(
            saved,
            next -> {
              save.accept(next);
              vm.configure(next.toConfig(VM_NAME));
            },
            driverKind,
            GuestArch.ofHost(System.getProperty("os.arch")),
            background);
    var folders =
        new UserFolders(
            settingsFile.getParent(), logsFolder, instance.machinesFolder().getParent());
    this.machine = instance.machinesFolder().resolve(VM_NAME);
    this.troubleshooting =
        new VmTroubleshootingViewModel(
            background,
            new DiagnosticsBundle(folders, instance, driverKind),
            VmFile.CONSOLE_LOG.in(machine),
            List.of(
                VmFile.QEMU_LOG.in(machine), VmFile.HYPERKIT_LOG.in(machine), instance.ownerLog()),
            2000,
            this::engineLog,
            () ->
                vm.status() instanceof VmStatus.Running running
                    ? Optional.of(running.engine())
                    : Optional.empty());
  }

  /**
   * dockerd's log through a helper container; containerd alone has none, so its log is read through
   * the guest's console (QEMU).
   */
  private List<String> engineLog(EngineEndpoint engine, int lines) throws IOException {
    if (vm.status() instanceof VmStatus.Running running && running.speaksDockerApi()) {
      return GuestEngineLog.dockerd().tail(engine, lines);
    }
    var read =
        GuestConsole.in(machine)
            .run("tail -n " + lines + " /var/log/containerd.log", Duration.ofSeconds(30));
    if (read.exitCode() != 0)
      throw new IOException("containerd's log could not be read: " + read.output().strip());
    return read.output().lines().toList();
  }

  /** Takes ownership of the VM or follows its owner; file work, so off the UI thread. */
  public void open() {
    background.run(vm::open, failure -> {});
  }

  /**
   * Gives {@code listener} the VM's statuses until {@link #close()} (e.g. the engine selection).
   */
  void follow(VmListener listener) {
    followers.add(vm.subscribe(listener));
  }

  /**
   * Start, stop and restart of the VM's engine for the tray, through the same actions as the VM's
   * buttons.
   */
  public VmEngineControl engineControl() {
    if (engineControl == null) engineControl = new VmEngineControl(VmActions.of(vm));
    return engineControl;
  }

  /**
   * The VM's Docker API engine while the VM runs with dockerd (from this process or its owner). Any
   * thread.
   */
  Optional<EngineEndpoint> runningEngine() {
    return vm.status() instanceof VmStatus.Running running && running.speaksDockerApi()
        ? Optional.of(running.engine())
        : Optional.empty();
  }

  /** The VM's containerd API while the VM runs with the containerd engine alone. Any thread. */
  Optional<EngineEndpoint> runningContainerd() {
    return vm.status() instanceof VmStatus.Running running && !running.speaksDockerApi()
        ? Optional.of(running.engine())
        : Optional.empty();
  }

  /**
   * Run-time port forwarding for the driver that runs the VM, by this process or the {@code drover}
   * command's detached owner (see {@link DriverPortForwarding}).
   */
  Optional<GuestPorts> guestPorts() {
    return DriverPortForwarding.of(
        driverKind,
        vm.localDriver(),
        machine,
        () ->
            vm.status() instanceof VmStatus.Running running
                ? Optional.ofNullable(running.engine().host().getHost())
                : Optional.empty(),
        DriverPortForwarding.wslConfigIn(Path.of(System.getProperty("user.home"))));
  }

  /**
   * The host folders the VM's containers reach, as Settings now say (a change applies at the VM's
   * next start).
   */
  public HostFolders hostFolders() {
    return settings.current().hostFolders(driverKind);
  }

  /** Hears every VM status; closing the result stops that. */
  public AutoCloseable subscribe(Consumer<VmStatus> statuses) {
    return vm.subscribe(statuses::accept);
  }

  /** Gives the status bar's VM item (shown before the VM was wired) the VM's state and menu. */
  public void attach(VmStatusItem item) {
    item.attach(control);
  }

  public Node settingsSection() {
    return new VmSettingsView(settings, control);
  }

  public Node troubleshootingSection() {
    return new VmTroubleshootingView(troubleshooting, control, hostFolders().describe());
  }

  /**
   * Stops the VM if this app runs it: blocks up to the VM's stop grace, so not on the UI thread.
   */
  @Override
  public void close() {
    for (var follower : followers) {
      try {
        follower.close();
      } catch (Exception ignored) {
        // an unsubscription has nothing left to release
      }
    }
    if (engineControl != null) {
      try {
        engineControl.close();
      } catch (Exception ignored) {
        // as above
      }
    }
    troubleshooting.close();
    control.close();
    vm.close();
  }
}
