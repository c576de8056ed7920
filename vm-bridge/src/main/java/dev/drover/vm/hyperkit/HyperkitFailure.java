package dev.drover.vm.hyperkit;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Why hyperkit exited at once, from what it printed (its standard error, in hyperkit.log), in words
 * with what to do. hyperkit's messages are its own (English, from xhyve and bhyve) and
 * Hypervisor.framework's error numbers.
 */
public final class HyperkitFailure {

  private HyperkitFailure() {}

  /** The known failure in hyperkit's output; empty when hyperkit said nothing Drover recognises. */
  public static Optional<String> explain(String hyperkitOutput, Path hyperkit) {
    var lower = hyperkitOutput.toLowerCase(Locale.ROOT);
    if (lower.contains("could not create vmnet interface")) {
      return Optional.of(
          "hyperkit could not create its vmnet network interface: it must run as root for that. "
              + "Make it set-uid root with `sudo chown root:wheel "
              + hyperkit
              + " && sudo chmod u+s "
              + hyperkit
              + "`, then start the VM again.");
    }
    if (lower.contains("not supported by hypervisor.framework")
        || lower.contains("processor does not support")
        || lower.contains("hv_vm_create")
        || lower.contains("unable to create vm")) {
      return Optional.of(
          "hyperkit could not create a virtual machine on this Mac ("
              + cause(hyperkitOutput)
              + "): the processor lacks what Hypervisor.framework needs, or this hyperkit is too old for this "
              + "macOS. Update hyperkit (`brew upgrade hyperkit`), or choose another VM driver in Settings.");
    }
    return Optional.empty();
  }

  /**
   * The line that says most: the VMX check that failed, else Hypervisor.framework's error, else the
   * last.
   */
  private static String cause(String text) {
    var lines = text.strip().lines().map(String::strip).toList();
    for (var marker : new String[] {"vmx_init", "hv_vm_create", "unable to create vm"}) {
      for (var line : lines) {
        if (line.toLowerCase(Locale.ROOT).contains(marker)) return line;
      }
    }
    return lines.getLast();
  }
}
