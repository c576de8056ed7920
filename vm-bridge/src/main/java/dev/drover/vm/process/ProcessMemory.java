package dev.drover.vm.process;

import dev.drover.vm.VmFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * How much of this computer's memory a process holds (its resident set): on Linux from {@code
 * /proc/<pid>/status}, on macOS from {@code ps}. What the VM costs the host is its hypervisor
 * process's resident memory, whatever the guest was given.
 */
public final class ProcessMemory {

  private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");

  private ProcessMemory() {}

  /**
   * What the running VM costs this computer's memory: the resident memory of the hypervisor process
   * (QEMU) whose machine folder, holding its pid file, is {@code machineFolder}; empty when none
   * runs. With free page reporting it shrinks again when the guest frees memory.
   */
  public static OptionalLong ofVm(Path machineFolder) {
    try {
      var pid = Long.parseLong(Files.readString(VmFile.QEMU_PID.in(machineFolder)).strip());
      var qmpSocket = VmFile.QMP_SOCKET.in(machineFolder).toString();
      var ours =
          ProcessHandle.of(pid)
              .filter(ProcessHandle::isAlive)
              .filter(p -> p.info().commandLine().map(c -> c.contains(qmpSocket)).orElse(true));
      if (ours.isEmpty()) return OptionalLong.empty();
      return residentBytes(pid, System.getProperty("os.name"));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The resident bytes of process {@code pid}; empty when it is gone or this OS cannot say. */
  public static OptionalLong residentBytes(long pid, String osName) {
    var os = osName.toLowerCase(Locale.ROOT);
    try {
      if (os.contains("linux")) {
        return fromProcStatus(
            Files.readString(
                Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8));
      }
      if (os.contains("mac") || os.contains("darwin")) {
        var ps =
            new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        var output = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ps.waitFor(10, TimeUnit.SECONDS) || ps.exitValue() != 0) return OptionalLong.empty();
        return fromPsRss(output);
      }
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OptionalLong.empty();
  }

  /** The VmRSS line of a {@code /proc/<pid>/status} text, in bytes. */
  static OptionalLong fromProcStatus(String status) {
    var match = VM_RSS.matcher(status);
    return match.find()
        ? OptionalLong.of(Long.parseLong(match.group(1)) * 1024)
        : OptionalLong.empty();
  }

  /** {@code ps -o rss=}'s answer (KiB), in bytes. */
  static OptionalLong fromPsRss(String output) {
    var text = output.strip();
    if (!text.matches("\\d+")) return OptionalLong.empty();
    return OptionalLong.of(Long.parseLong(text) * 1024);
  }

  /** "1.4 GiB", "945 MiB". */
  public static String describe(long bytes) {
    if (bytes >= 1L << 30)
      return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    return String.format(Locale.ROOT, "%d MiB", Math.round(bytes / (double) (1L << 20)));
  }
}
