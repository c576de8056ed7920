package dev.drover.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelperImageTest {

  @TempDir Path guest;

  @Test
  void theHelperImageShippedWithTheGuestIsLoadedFromItsArchive() throws Exception {
    Files.write(guest.resolve("helper-image.tar"), new byte[] {1});
    Files.writeString(guest.resolve("helper-image.ref"), "drover/guest-helper:0123456789abcdef\n");

    var image = HelperImage.shippedIn(guest);

    assertThat(image.reference()).isEqualTo("drover/guest-helper:0123456789abcdef");
    assertThat(image.archive()).hasValue(guest.resolve("helper-image.tar"));
  }

  @Test
  void aGuestBuiltWithoutOneFallsBackToPullingBusybox() throws Exception {
    assertThat(HelperImage.shippedIn(guest)).isEqualTo(HelperImage.pulled(HelperImage.FALLBACK));

    Files.writeString(guest.resolve("helper-image.ref"), "drover/guest-helper:0123456789abcdef\n");
    assertThat(HelperImage.shippedIn(guest).archive()).as("a name without its archive").isEmpty();
  }
}
