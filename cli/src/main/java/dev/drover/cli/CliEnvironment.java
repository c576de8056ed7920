package dev.drover.cli;

import dev.drover.vm.DriverKind;
import dev.drover.vm.VmDriver;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.instance.VmInstance;
import java.io.IOException;
import java.time.Duration;

/**
 * What the commands work with, built once in {@link DroverCli#main} (or by a test, with a fake
 * driver).
 *
 * @param instance the VM's meeting point with the app (lock, status file, control socket)
 * @param folders settings and logs, for the VM settings and diagnostics
 * @param drivers makes the driver a VM owner runs
 * @param owners starts a VM owner when nobody owns the VM
 * @param startTimeout how long {@code vm start} waits for Running
 */
public record CliEnvironment(
    VmInstance instance,
    UserFolders folders,
    Drivers drivers,
    OwnerLauncher owners,
    Duration startTimeout) {

  /** Makes the driver for the VM settings. */
  public interface Drivers {
    VmDriver create(VmInstance instance, VmSettings settings);

    /** Which driver the settings mean on this computer. */
    DriverKind kind(VmSettings settings);
  }

  /** Starts a process (or, in a test, a thread) that runs {@code drover vm serve}. */
  public interface OwnerLauncher {
    /**
     * @return the started process, or null when the owner runs in this process
     */
    Process launch(VmInstance instance) throws IOException;
  }

  public VmSettings settings() {
    return VmSettings.readFrom(folders.settingsFile());
  }
}
