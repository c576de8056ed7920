package dev.drover.vm;

import java.util.Optional;
import java.util.Set;

/**
 * What a driver can do on this host, so the UI enables only the buttons and settings that work.
 *
 * @param driver which driver this is
 * @param unavailableReason empty when the driver can run here; otherwise why not and what to
 *     install
 * @param accelerator how the guest's CPU runs: "kvm", "hvf", "tcg" (emulation, slow), "wsl2"…
 * @param engines which engines the driver's guest offers
 * @param configurableCpusMemory whether cpus and memory of {@link VmConfig} are honoured (WSL2
 *     shares them)
 * @param dynamicPortForwarding whether published container ports appear on the host's loopback by
 *     themselves
 */
public record VmCapabilities(
    DriverKind driver,
    Optional<String> unavailableReason,
    String accelerator,
    Set<VmConfig.Engine> engines,
    boolean configurableCpusMemory,
    boolean dynamicPortForwarding) {

  public VmCapabilities {
    engines = Set.copyOf(engines);
  }

  public boolean available() {
    return unavailableReason.isEmpty();
  }
}
