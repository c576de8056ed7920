package dev.drover.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestImageTest {

  @TempDir Path folder;

  @Test
  void aMissingGuestNamesTheFileItLookedForAndAsksForNoBuildScript() {
    var image = GuestImage.in(folder.resolve("guest"));

    assertThat(image.missing())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(folder.resolve("guest/vmlinuz").toString())
                    .contains("reinstall Drover")
                    .doesNotContain("build-guest")
                    .doesNotContain(".sh"));
  }

  @Test
  void aGuestWithKernelAndInitramfsIsComplete() throws IOException {
    Files.write(folder.resolve("vmlinuz"), new byte[] {1});
    Files.write(folder.resolve("initramfs.img"), new byte[] {2});

    assertThat(GuestImage.in(folder).missing()).isEmpty();
  }
}
