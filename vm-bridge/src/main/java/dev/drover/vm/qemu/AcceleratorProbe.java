package dev.drover.vm.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Finds the fastest accelerator that really works here. {@code /dev/kvm} can exist and still hang
 * the first ioctl (nested virtualisation gone wrong), so KVM is tried in a child QEMU with a
 * timeout, never in this process.
 */
public final class AcceleratorProbe {

  /** The answer and why, for the troubleshooting page. */
  public record Result(Accelerator accelerator, String explanation) {}

  private final Path qemu;
  private final Path kernel;
  private final String osName;
  private final Duration timeout;

  /**
   * @param kernel the guest kernel, booted briefly under KVM to see that KVM really runs code
   */
  public AcceleratorProbe(Path qemu, Path kernel, String osName, Duration timeout) {
    this.qemu = qemu;
    this.kernel = kernel;
    this.osName = osName;
    this.timeout = timeout;
  }

  public Result probe() {
    var os = osName.toLowerCase(java.util.Locale.ROOT);
    if (os.contains("mac")) return new Result(Accelerator.HVF, "macOS: Hypervisor.framework");
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
    Process process = null;
    try {
      // Creating a KVM VM can succeed and running real code still hang, so the probe boots the
      // guest's own
      // kernel with early console output: KVM works when the kernel's banner appears.
      process =
          new ProcessBuilder(
                  qemu.toString(),
                  "-accel",
                  "kvm",
                  "-machine",
                  "q35",
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
                  "console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1",
                  "-serial",
                  "stdio")
              .redirectErrorStream(true)
              .start();
      var banner = new java.util.concurrent.CompletableFuture<String>();
      var stdout = process.getInputStream();
      Thread.ofVirtual()
          .name("kvm-probe")
          .start(
              () -> {
                try (var lines =
                    new java.io.BufferedReader(
                        new java.io.InputStreamReader(stdout, StandardCharsets.UTF_8))) {
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
      } catch (java.util.concurrent.TimeoutException e) {
        return new Result(
            Accelerator.TCG,
            "KVM did not run the guest kernel within "
                + timeout.toSeconds()
                + " s (/dev/kvm hangs): emulating the CPU (slow)");
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getMessage();
      }
      if (failure == null) return new Result(Accelerator.KVM, "KVM works");
      return new Result(
          Accelerator.TCG,
          "KVM is not usable (" + firstLine(failure) + "): emulating the CPU (slow)");
    } catch (IOException e) {
      return new Result(
          Accelerator.TCG, "could not run " + qemu + " to probe KVM: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Accelerator.TCG, "the KVM probe was interrupted");
    } finally {
      // A process stuck in a KVM ioctl may not die at once; it is not waited for.
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        try {
          // a hung KVM process burns a core in the kernel until it is gone: do not boot alongside
          // it
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
