package dev.drover.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestConfigDiskTest {

  @TempDir Path temp;

  private static Map<String, String> members(Path image) throws Exception {
    var members = new LinkedHashMap<String, String>();
    try (var tar = new TarArchiveInputStream(Files.newInputStream(image))) {
      for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        members.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return members;
  }

  @Test
  void settingsAreTarMembersUnderTheDroverConfigFolderOnWholeSectors() throws Exception {
    var image = temp.resolve("config.img");
    new GuestConfigDisk().add("engine", "moby").add("ca.pem", "-----BEGIN CERT").write(image);

    assertThat(members(image))
        .containsExactly(
            Map.entry("drover-config/", ""),
            Map.entry("drover-config/engine", "moby"),
            Map.entry("drover-config/ca.pem", "-----BEGIN CERT"));
    assertThat(Files.size(image) % 512).as("a disk is whole sectors").isZero();
    // the guest's init recognises the disk by the tar magic at byte 257
    var header = Files.readAllBytes(image);
    assertThat(new String(header, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
  }

  @Test
  void theImageIsUserOnlyForItHoldsTheServersKey() throws Exception {
    var image = temp.resolve("config.img");
    new GuestConfigDisk().add("server-key.pem", "secret").write(image);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(image)))
        .isEqualTo("rw-------");
  }

  @Test
  void writingAgainReplacesTheWholeImage() throws Exception {
    var image = temp.resolve("config.img");
    new GuestConfigDisk().add("proxy.env", "HTTP_PROXY=http://p:3128").write(image);
    new GuestConfigDisk().add("engine", "containerd").write(image);

    assertThat(members(image)).containsOnlyKeys("drover-config/", "drover-config/engine");
    assertThat(temp.resolve("config.img.tmp")).doesNotExist();
  }

  @Test
  void aSettingNameIsAPlainFileName() {
    assertThatThrownBy(() -> new GuestConfigDisk().add("../init", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../init");
    assertThatThrownBy(() -> new GuestConfigDisk().add("", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
