package dev.drover.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.DriverKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostDriversTest {

  @TempDir Path home;

  private static void guestIn(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve("vmlinuz"), new byte[] {1});
    Files.write(folder.resolve("initramfs.img"), new byte[] {2});
  }

  @Test
  void theGuestShippedBesideTheAppsJarsIsUsedWhenComplete() throws IOException {
    var appJars = home.resolve("opt/drover/lib/app");
    assertThat(HostDrivers.shippedGuest(appJars)).as("nothing shipped").isEmpty();

    guestIn(appJars.resolve("vm/guest"));

    assertThat(HostDrivers.shippedGuest(appJars))
        .hasValueSatisfying(
            image ->
                assertThat(image.kernel())
                    .isEqualTo(appJars.resolve("vm/guest/vmlinuz").toAbsolutePath()));
  }

  @Test
  void aShippedGuestWithoutItsInitramfsIsNotUsed() throws IOException {
    var appJars = home.resolve("app");
    guestIn(appJars.resolve("vm/guest"));
    Files.delete(appJars.resolve("vm/guest/initramfs.img"));

    assertThat(HostDrivers.shippedGuest(appJars)).isEmpty();
  }

  @Test
  void autoPicksWsl2OnWindowsHyperkitOnIntelMacOs10AndQemuElsewhere() {
    assertThat(on("Windows 11", "10.0", "amd64").driverKind(DriverChoice.AUTO))
        .isEqualTo(DriverKind.WSL2);
    assertThat(on("Mac OS X", "10.15.7", "x86_64").driverKind(DriverChoice.AUTO))
        .isEqualTo(DriverKind.HYPERKIT);
    assertThat(on("Mac OS X", "14.5", "aarch64").driverKind(DriverChoice.AUTO))
        .isEqualTo(DriverKind.QEMU);
    assertThat(on("Linux", "6.1", "amd64").driverKind(DriverChoice.AUTO))
        .isEqualTo(DriverKind.QEMU);
  }

  @Test
  void aDriverPickedInSettingsWinsOverThisComputersOwn() {
    assertThat(on("Linux", "6.1", "amd64").driverKind(DriverChoice.HYPERKIT))
        .isEqualTo(DriverKind.HYPERKIT);
    assertThat(on("Windows 11", "10.0", "amd64").driverKind(DriverChoice.QEMU))
        .isEqualTo(DriverKind.QEMU);
  }

  private HostDrivers on(String osName, String osVersion, String osArch) {
    return new HostDrivers(Map.of(), home, osName, osVersion, osArch);
  }

  @Test
  void theEnvironmentsGuestWinsOverEveryOther() throws IOException {
    var chosen = home.resolve("dev-guest");
    var drivers =
        new HostDrivers(
            Map.of(HostDrivers.GUEST_IMAGE_OVERRIDE, chosen.toString()),
            home,
            "Linux",
            "6.1",
            "amd64");

    assertThat(drivers.guestImage().kernel()).isEqualTo(chosen.resolve("vmlinuz").toAbsolutePath());
  }

  @Test
  void onLinuxTheGuestTheDevelopmentBuildCachedIsFoundWithoutAnOverride() throws IOException {
    var cache = home.resolve("cache");
    guestIn(cache.resolve("drover/guest/current"));
    var drivers =
        new HostDrivers(Map.of("XDG_CACHE_HOME", cache.toString()), home, "Linux", "6.1", "amd64");

    assertThat(drivers.guestImage().kernel())
        .isEqualTo(cache.resolve("drover/guest/current/vmlinuz").toAbsolutePath());
  }

  @Test
  void onLinuxAMissingGuestIsReportedAtThePathTheGuestRecipeWrites() {
    var drivers = new HostDrivers(Map.of(), home, "Linux", "6.1", "amd64");

    assertThat(drivers.guestImage().missing())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(home.resolve(".cache/drover/guest/current").toString()));
  }

  @Test
  void theGuestShippedBesideTheJarsOfTheClassPathIsFound() throws IOException {
    var appJars = home.resolve("opt/drover/lib/app");
    guestIn(appJars.resolve("vm/guest"));
    var classPath =
        String.join(
            File.pathSeparator,
            home.resolve("elsewhere/other.jar").toString(),
            appJars.resolve("drover-app.jar").toString());

    assertThat(HostDrivers.shippedGuestOnClassPath(classPath))
        .hasValueSatisfying(
            image ->
                assertThat(image.kernel())
                    .isEqualTo(appJars.resolve("vm/guest/vmlinuz").toAbsolutePath()));
    assertThat(HostDrivers.shippedGuestOnClassPath(home.resolve("elsewhere/other.jar").toString()))
        .isEmpty();
  }
}
