package dev.drover.vm.diagnostics;

import dev.drover.vm.DriverKind;
import dev.drover.vm.host.UserFolders;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import dev.drover.vm.process.ProcessMemory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * What "Collect diagnostics" puts in its zip, the same for the app and the {@code drover
 * diagnostics} command: the settings, Drover's logs, the VM's status and owner log, and the VM's
 * console and hypervisor logs.
 *
 * @param driver the driver that runs the VM; null when none is known
 */
public record DiagnosticsBundle(UserFolders folders, VmInstance instance, DriverKind driver) {

  public List<Diagnostics.Source> sources() {
    var machine = instance.machinesFolder().resolve(instance.name());
    return List.of(
        new Diagnostics.Source("settings.json", folders.settingsFile()),
        new Diagnostics.Source("logs", folders.logsFolder(), 1),
        new Diagnostics.Source("vm/instance", instance.folder(), 1),
        new Diagnostics.Source("vm/machine", machine, 1));
  }

  /**
   * What the running VM holds of this computer's memory: its hypervisor process's resident memory
   * (QEMU's); empty when it does not run or the driver's process cannot be measured.
   */
  public OptionalLong memoryFootprint() {
    if (driver != DriverKind.QEMU) return OptionalLong.empty();
    return ProcessMemory.ofVm(instance.machinesFolder().resolve(instance.name()));
  }

  /** "945 MiB (QEMU's resident memory)", or why there is no figure. */
  public String describeMemoryFootprint() {
    var bytes = memoryFootprint();
    return bytes.isPresent()
        ? ProcessMemory.describe(bytes.getAsLong()) + " (the hypervisor's resident memory)"
        : "not measured (the VM does not run, or its driver cannot be measured)";
  }

  public String summary() {
    var status = new VmControl(instance).status();
    return String.join(
        "\n",
        "Drover diagnostics, " + Instant.now(),
        "OS: "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")",
        "Java: "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")",
        "VM: " + instance.name() + ", driver " + (driver == null ? "unknown" : driver.word()),
        "VM status: "
            + status.state()
            + (status.detail().isEmpty() ? "" : " - " + Diagnostics.redact(status.detail())),
        "VM owner pid: " + status.ownerPid(),
        "VM memory on this computer: " + describeMemoryFootprint(),
        "VM ports not forwarded: "
            + (status.portsNotForwarded().isEmpty()
                ? "none"
                : String.join("; ", status.portsNotForwarded())),
        "");
  }

  /** Writes the zip to {@code target} (created or replaced); returns the names it holds. */
  public List<String> writeTo(Path target) throws IOException {
    var parent = target.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (OutputStream out = Files.newOutputStream(target)) {
      return Diagnostics.write(out, summary(), sources());
    }
  }
}
