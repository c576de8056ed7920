package dev.drover.vm.qemu;

import dev.drover.vm.guest.GuestArch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the fastest accelerator that really works here. {@code /dev/kvm} can exist and still hang
 * the first ioctl (nested virtualisation gone wrong), so KVM is tried in a child QEMU with a
 * timeout, never in this process. That boot takes up to the timeout where the device hangs, so a
 * probe {@link #remembering remembering} its verdicts pays it once per host boot.
 */
public final class AcceleratorProbe {

  /** The answer and why, for the troubleshooting page. */
  public record Result(Accelerator accelerator, String explanation) {}

  private final Path qemu;
  private final GuestArch arch;
  private final Path kernel;
  private final String osName;
  private final String osArch;
  private final Duration timeout;
  private final AcceleratorVerdicts verdicts;

  /**
   * @param arch the guest's architecture; hardware acceleration needs the host's own
   * @param kernel the guest kernel, booted briefly under KVM or HVF to see that it really runs code
   * @param osName the host's {@code os.name}
   * @param osArch the host's {@code os.arch}
   */
  public AcceleratorProbe(
      Path qemu, GuestArch arch, Path kernel, String osName, String osArch, Duration timeout) {
    this(qemu, arch, kernel, osName, osArch, timeout, null);
  }

  private AcceleratorProbe(
      Path qemu,
      GuestArch arch,
      Path kernel,
      String osName,
      String osArch,
      Duration timeout,
      AcceleratorVerdicts verdicts) {
    this.qemu = qemu;
    this.arch = arch;
    this.kernel = kernel;
    this.osName = osName;
    this.osArch = osArch;
    this.timeout = timeout;
    this.verdicts = verdicts;
  }

  /**
   * This probe, but a kernel boot under KVM or HVF is made only when {@code verdicts} keeps no
   * answer for this host boot, QEMU, kernel and device; its answer is kept there for the next
   * start. The quick checks (architecture, {@code /dev/kvm} there and accessible) are made every
   * time.
   */
  public AcceleratorProbe remembering(AcceleratorVerdicts verdicts) {
    return new AcceleratorProbe(qemu, arch, kernel, osName, osArch, timeout, verdicts);
  }

  /** The host's {@code os.name} this probe was made for. */
  public String osName() {
    return osName;
  }

  public Result probe() {
    var os = osName.toLowerCase(Locale.ROOT);
    var hostArch = GuestArch.ofHost(osArch);
    if (hostArch != arch) {
      return new Result(
          Accelerator.TCG,
          "the guest is "
              + arch.debianName()
              + " and this machine "
              + hostArch.debianName()
              + ": emulating the CPU (slow)");
    }
    if (os.contains("mac"))
      return bootsTheKernelUnder(Accelerator.HVF, "Hypervisor.framework", List.of(qemu, kernel));
    if (!os.contains("linux"))
      return new Result(Accelerator.TCG, "no hardware accelerator known for " + osName);
    var kvm = Path.of("/dev/kvm");
    if (!Files.exists(kvm))
      return new Result(Accelerator.TCG, "/dev/kvm does not exist: emulating the CPU (slow)");
    if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
      return new Result(
          Accelerator.TCG,
          "/dev/kvm is not accessible to this user (add yourself to group kvm): emulating the CPU (slow)");
    }
    return bootsTheKernelUnder(Accelerator.KVM, "KVM", List.of(qemu, kernel, kvm));
  }

  /** The boot below, or the verdict kept from this host boot's first one. */
  private Result bootsTheKernelUnder(Accelerator accelerator, String name, List<Path> used) {
    if (verdicts == null) return bootsTheKernelUnder(accelerator, name);
    return verdicts.verdict(
        accelerator.qemuName() + " " + arch.machine() + " timeout " + timeout.toMillis() + " ms",
        used,
        () -> bootsTheKernelUnder(accelerator, name));
  }

  /**
   * Creating a VM can succeed and running real code still hang (nested KVM gone wrong, HVF without
   * the entitlement or on a Mac whose hypervisor is busy), so the probe boots the guest's own
   * kernel with early console output: the accelerator works when the kernel's banner appears.
   */
  private Result bootsTheKernelUnder(Accelerator accelerator, String name) {
    Process process = null;
    try {
      process =
          new ProcessBuilder(
                  qemu.toString(),
                  "-accel",
                  accelerator.qemuName(),
                  "-machine",
                  arch.machine(),
                  "-cpu",
                  "host",
                  "-m",
                  "256",
                  "-nodefaults",
                  "-no-user-config",
                  "-display",
                  "none",
                  "-no-reboot",
                  "-kernel",
                  kernel.toString(),
                  "-append",
                  "console=" + arch.console() + " " + arch.earlyConsole() + " panic=-1",
                  "-serial",
                  "stdio")
              .redirectErrorStream(true)
              .start();
      var banner = new CompletableFuture<String>();
      var stdout = process.getInputStream();
      Thread.ofVirtual()
          .name("accelerator-probe")
          .start(
              () -> {
                try (var lines =
                    new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                  var seen = new StringBuilder();
                  for (String line; (line = lines.readLine()) != null; ) {
                    if (line.contains("Linux version")) {
                      banner.complete(null);
                      return;
                    }
                    if (seen.length() < 2000) seen.append(line).append('\n');
                  }
                  banner.complete(seen.toString());
                } catch (IOException e) {
                  banner.complete(e.getMessage());
                }
              });
      String failure;
      try {
        failure = banner.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        return new Result(
            Accelerator.TCG,
            name
                + " did not run the guest kernel within "
                + timeout.toSeconds()
                + " s"
                + (accelerator == Accelerator.KVM ? " (/dev/kvm hangs)" : "")
                + ": emulating the CPU (slow)");
      } catch (ExecutionException e) {
        failure = e.getMessage();
      }
      if (failure == null) return new Result(accelerator, name + " works");
      return new Result(
          Accelerator.TCG,
          name + " is not usable (" + firstLine(failure) + "): emulating the CPU (slow)");
    } catch (IOException e) {
      return new Result(
          Accelerator.TCG, "could not run " + qemu + " to probe " + name + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Accelerator.TCG, "the " + name + " probe was interrupted");
    } finally {
      // A process stuck in a KVM or HVF call may not die at once; it is not waited for long.
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        try {
          // a hung process burns a core in the kernel until it is gone: do not boot alongside it
          process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception stillDying) {
          // reported nowhere: the boot works anyway, only slower
        }
      }
    }
  }

  private static String firstLine(String text) {
    return text.lines()
        .filter(l -> l.contains("qemu") || l.contains("Could not") || l.contains("error"))
        .findFirst()
        .orElse("no kernel banner")
        .strip();
  }
}
