package dev.drover.vm.diagnostics;

import dev.drover.vm.host.UserFolders;
import dev.drover.vm.instance.VmControl;
import dev.drover.vm.instance.VmInstance;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What "Collect diagnostics" puts in its zip, the same for the app and the {@code drover
 * diagnostics} command: the settings, Drover's logs, the VM's status and owner log, and the VM's
 * console and hypervisor logs.
 */
public record DiagnosticsBundle(UserFolders folders, VmInstance instance, String driverName) {

  public List<Diagnostics.Source> sources() {
    var machine = instance.machinesFolder().resolve(instance.name());
    return List.of(
        new Diagnostics.Source("settings.json", folders.settingsFile()),
        new Diagnostics.Source("logs", folders.logsFolder(), 1),
        new Diagnostics.Source("vm/instance", instance.folder(), 1),
        new Diagnostics.Source("vm/machine", machine, 1));
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
        "VM: " + instance.name() + ", driver " + driverName,
        "VM status: "
            + status.state()
            + (status.detail().isEmpty() ? "" : " - " + Diagnostics.redact(status.detail())),
        "VM owner pid: " + status.ownerPid(),
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
