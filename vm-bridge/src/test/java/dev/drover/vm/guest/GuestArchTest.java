package dev.drover.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestArchTest {

  @Test
  void theGuestFollowsTheHostsArchitecture() {
    assertThat(GuestArch.ofHost("amd64")).isEqualTo(GuestArch.AMD64);
    assertThat(GuestArch.ofHost("x86_64")).isEqualTo(GuestArch.AMD64);
    assertThat(GuestArch.ofHost("aarch64")).isEqualTo(GuestArch.ARM64);
    assertThat(GuestArch.ofHost("arm64")).isEqualTo(GuestArch.ARM64);
  }

  @Test
  void eachArchitectureNamesItsQemuAndTheDebianPackageThatHasIt() {
    assertThat(GuestArch.AMD64.qemuSystem()).isEqualTo("qemu-system-x86_64");
    assertThat(GuestArch.AMD64.qemuPackage()).isEqualTo("qemu-system-x86");
    assertThat(GuestArch.ARM64.qemuSystem()).isEqualTo("qemu-system-aarch64");
    assertThat(GuestArch.ARM64.qemuPackage()).isEqualTo("qemu-system-arm");
  }

  @Test
  void aGuestBuildIsTheArchitectureItsManifestNames(@TempDir Path folder) throws Exception {
    Files.writeString(
        folder.resolve("manifest.txt"), "key abc\narch arm64\nkernel 6.1.0-57-arm64\n");
    assertThat(GuestImage.in(folder).arch()).isEqualTo(GuestArch.ARM64);
  }

  @Test
  void aGuestBuildWithoutAnArchLineIsAmd64(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("manifest.txt"), "key abc\nkernel 6.1.0-40-amd64\n");
    assertThat(GuestImage.in(folder).arch()).isEqualTo(GuestArch.AMD64);
    assertThat(GuestImage.in(folder.resolve("empty")).arch()).isEqualTo(GuestArch.AMD64);
  }

  @Test
  void anUnknownArchitectureInAManifestIsRefusedByName(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("manifest.txt"), "arch riscv64\n");
    assertThatThrownBy(() -> GuestImage.in(folder))
        .hasMessageContaining("riscv64")
        .hasMessageContaining("amd64, arm64");
  }
}
