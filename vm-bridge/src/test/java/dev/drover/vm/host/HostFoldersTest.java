package dev.drover.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.DriverKind;
import dev.drover.vm.SharedFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostFoldersTest {

  private final HostFolders macOs =
      new HostFolders(
          DriverKind.QEMU,
          List.of(
              new SharedFolder(Path.of("/Users/me"), false),
              new SharedFolder(Path.of("/Volumes/data"), true)));
  private final Set<Path> onDisk =
      Set.of(
          Path.of("/Users/me/proj"),
          Path.of("/Volumes/data/photos"),
          Path.of("/opt/tools"),
          Path.of("C:\\Users\\me\\proj"));

  @Test
  void windowsPathBecomesTheWslMountOfItsDrive() {
    assertThat(HostFolders.wslPath("C:\\Users\\me\\proj")).contains("/mnt/c/Users/me/proj");
    assertThat(HostFolders.wslPath("d:/Work\\site\\")).contains("/mnt/d/Work/site");
    assertThat(HostFolders.wslPath("E:\\")).contains("/mnt/e");
    assertThat(HostFolders.wslPath("/home/me")).isEmpty();
    assertThat(HostFolders.wslPath("\\\\server\\share")).isEmpty();
  }

  @Test
  void wslEngineIsGivenTheTranslatedPathAndADistributionPathAsItIs() {
    var wsl = new HostFolders(DriverKind.WSL2, List.of());
    assertThat(wsl.guestPath("C:\\Users\\me\\proj")).isEqualTo("/mnt/c/Users/me/proj");
    assertThat(wsl.guestPath("/home/me/proj")).isEqualTo("/home/me/proj");
    assertThat(wsl.problem("/home/me/proj", onDisk::contains)).isEmpty();
  }

  @Test
  void wslRefusesAMissingWindowsFolderAndANetworkPath() {
    var wsl = new HostFolders(DriverKind.WSL2, List.of());
    assertThat(wsl.problem("C:\\Users\\me\\proj", onDisk::contains)).isEmpty();
    assertThat(wsl.problem("C:\\Users\\me\\gone", onDisk::contains))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains(
                        "does not exist on this computer",
                        "Settings → Virtual machine → Shared folders"));
    assertThat(wsl.problem("\\\\server\\share\\x", onDisk::contains))
        .hasValueSatisfying(m -> assertThat(m).contains("network path"));
  }

  @Test
  void qemuGivesASharedPathAsItIs() {
    assertThat(macOs.guestPath("/Users/me/proj")).isEqualTo("/Users/me/proj");
    assertThat(macOs.problem("/Users/me/proj", onDisk::contains)).isEmpty();
    assertThat(macOs.problem("/Volumes/data/photos", onDisk::contains)).isEmpty();
  }

  @Test
  void qemuRefusesAFolderOutsideTheSharesNamingTheSetting() {
    assertThat(macOs.problem("/opt/tools", onDisk::contains))
        .hasValue(
            "\"/opt/tools\" is not in a folder the VM shares (/Users/me, /Volumes/data), so the"
                + " container would see an empty folder. Add it, or a folder above it, in Settings"
                + " → Virtual machine → Shared folders, then restart the VM.");
    assertThat(macOs.problem("/Users/me/../../opt/tools", onDisk::contains))
        .hasValueSatisfying(m -> assertThat(m).contains("not in a folder the VM shares"));
    assertThat(macOs.problem("/Users/meme", p -> true))
        .as("a sibling with the same prefix is not inside the share")
        .hasValueSatisfying(m -> assertThat(m).contains("not in a folder the VM shares"));
  }

  @Test
  void qemuRefusesAMissingFolder() {
    assertThat(macOs.problem("/Users/me/typo", onDisk::contains))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains(
                        "does not exist on this computer",
                        "Settings → Virtual machine → Shared folders"));
  }

  @Test
  void hyperkitSaysHostFoldersNeedQemu() {
    assertThat(
            new HostFolders(DriverKind.HYPERKIT, List.of())
                .problem("/Users/me/proj", onDisk::contains))
        .hasValueSatisfying(m -> assertThat(m).contains("need the QEMU driver"));
  }

  @Test
  void troubleshootingSaysHowFoldersAreSharedAndWhich() {
    assertThat(macOs.describe())
        .contains("virtio-9p", "/Users/me (read-write)", "/Volumes/data (read-only)", "next start");
    assertThat(new HostFolders(DriverKind.WSL2, List.of()).describe()).contains("/mnt/c");
    assertThat(new HostFolders(DriverKind.HYPERKIT, List.of()).describe()).contains("QEMU driver");
  }
}
