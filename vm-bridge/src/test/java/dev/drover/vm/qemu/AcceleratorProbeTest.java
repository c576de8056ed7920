package dev.drover.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.guest.GuestArch;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AcceleratorProbeTest {

  @Test
  void aGuestOfAnotherArchitectureIsEmulatedWithoutProbingTheHypervisor() {
    var probe =
        new AcceleratorProbe(
            Path.of("/nonexistent/qemu-system-x86_64"),
            GuestArch.AMD64,
            Path.of("/nonexistent/vmlinuz"),
            "Mac OS X",
            "aarch64",
            Duration.ofSeconds(1));
    var result = probe.probe();
    assertThat(result.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(result.explanation()).contains("guest is amd64").contains("machine arm64");
  }

  @Test
  void hvfIsUsedOnlyAfterItBootsTheKernel() {
    var probe =
        new AcceleratorProbe(
            Path.of("/nonexistent/qemu-system-aarch64"),
            GuestArch.ARM64,
            Path.of("/nonexistent/vmlinuz"),
            "Mac OS X",
            "aarch64",
            Duration.ofSeconds(1));
    var result = probe.probe();
    assertThat(result.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(result.explanation()).contains("could not run").contains("Hypervisor.framework");
  }
}
