package dev.drover.vm.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Finds the fastest accelerator that really works here. {@code /dev/kvm} can exist and still hang the first ioctl
 * (nested virtualisation gone wrong), so KVM is tried in a child QEMU with a timeout, never in this process.
 */
public final class AcceleratorProbe {

    /** The answer and why, for the troubleshooting page. */
    public record Result(Accelerator accelerator, String explanation) {
    }

    private final Path qemu;
    private final String osName;
    private final Duration timeout;

    public AcceleratorProbe(Path qemu, String osName, Duration timeout) {
        this.qemu = qemu;
        this.osName = osName;
        this.timeout = timeout;
    }

    public Result probe() {
        var os = osName.toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac")) return new Result(Accelerator.HVF, "macOS: Hypervisor.framework");
        if (!os.contains("linux")) return new Result(Accelerator.TCG, "no hardware accelerator known for " + osName);
        var kvm = Path.of("/dev/kvm");
        if (!Files.exists(kvm)) return new Result(Accelerator.TCG, "/dev/kvm does not exist: emulating the CPU (slow)");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return new Result(Accelerator.TCG, "/dev/kvm is not accessible to this user (add yourself to group kvm): emulating the CPU (slow)");
        }
        Process process = null;
        try {
            process = new ProcessBuilder(qemu.toString(), "-accel", "kvm", "-machine", "none", "-nodefaults",
                    "-no-user-config", "-display", "none", "-S", "-qmp", "stdio")
                    .redirectErrorStream(true).start();
            try (var in = process.getOutputStream()) {
                in.write("""
                        {"execute":"qmp_capabilities"}
                        {"execute":"query-kvm"}
                        {"execute":"quit"}
                        """.getBytes(StandardCharsets.UTF_8));
            }
            var output = new StringBuilder();
            var stdout = process.getInputStream();
            var reading = Thread.ofVirtual().start(() -> {
                try {
                    output.append(new String(stdout.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process was killed
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Result(Accelerator.TCG, "KVM did not answer within " + timeout.toSeconds() + " s: emulating the CPU (slow)");
            }
            reading.join(Duration.ofSeconds(2));
            var text = output.toString().replaceAll("\\s", "");
            if (text.contains("\"enabled\":true")) return new Result(Accelerator.KVM, "KVM works");
            return new Result(Accelerator.TCG, "KVM is not usable (" + firstLine(output.toString()) + "): emulating the CPU (slow)");
        } catch (IOException e) {
            return new Result(Accelerator.TCG, "could not run " + qemu + " to probe KVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Accelerator.TCG, "the KVM probe was interrupted");
        } finally {
            // A process stuck in a KVM ioctl may not die at once; it is not waited for.
            if (process != null && process.isAlive()) process.destroyForcibly();
        }
    }

    private static String firstLine(String text) {
        return text.lines().filter(l -> l.contains("error") || l.contains("Could not")).findFirst().orElse("no answer").strip();
    }
}
