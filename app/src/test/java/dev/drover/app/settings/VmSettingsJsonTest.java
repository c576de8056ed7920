package dev.drover.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.vm.SharedFolder;
import dev.drover.vm.VmConfig;
import dev.drover.vm.host.DriverChoice;
import dev.drover.vm.host.VmSettings;
import dev.drover.vm.network.ProxySettings;
import dev.drover.vm.network.VmNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VM settings in settings.json, as the app writes them and the drover command reads them. */
class VmSettingsJsonTest {

  @TempDir Path dir;

  @Test
  void vmSettingsSurviveASaveAndAreWhatTheCommandReads() throws IOException {
    var file = dir.resolve("settings.json");
    var vm = new VmSettings(DriverChoice.QEMU, 4, 4096, 64, VmConfig.Engine.CONTAINERD);

    new SettingsStore(file).save(Settings.defaults().withTheme(ThemeChoice.DARK).withVm(vm));

    var loaded = new SettingsStore(file).load().settings();
    assertThat(loaded.vm()).isEqualTo(vm);
    assertThat(loaded.theme()).isEqualTo(ThemeChoice.DARK);
    assertThat(VmSettings.readFrom(file)).isEqualTo(vm);
    assertThat(Files.readString(file)).contains("\"driver\" : \"qemu\"");
  }

  @Test
  void anUnknownDriverIsReportedNamingTheSettingAndTheFileAsItWasIsKept() throws IOException {
    var file = dir.resolve("settings.json");
    var written = "{\"vm\": {\"driver\": \"vbox\", \"cpus\": 6}}";
    Files.writeString(file, written);

    var loaded = new SettingsStore(file).load();

    assertThat(loaded.problem())
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains(
                        "vm.driver \"vbox\": the VM driver is one of [auto, qemu, wsl2, hyperkit],"
                            + " not vbox (reset to auto)"));
    assertThat(loaded.settings().vm().driver()).isEqualTo(DriverChoice.AUTO);
    assertThat(loaded.settings().vm().cpus()).isEqualTo(6);
    try (var files = Files.list(dir)) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith("settings.json.invalid-")))
          .singleElement()
          .satisfies(kept -> assertThat(kept).hasContent(written));
    }
  }

  @Test
  void oneBadVmFieldTakesItsDefaultAlone() throws IOException {
    var file = dir.resolve("settings.json");
    Files.writeString(
        file,
        """
                {"theme": "LIGHT", "vm": {"driver": "qemu", "cpus": 0, "memoryMib": 8192, "engine": "podman"}}
                """);

    var invalid = SettingsJson.read(Files.readAllBytes(file)).invalid();
    var loaded = new SettingsStore(file).load();

    assertThat(invalid).extracting(InvalidSetting::key).containsExactly("vm.cpus", "vm.engine");
    assertThat(loaded.settings().theme()).isEqualTo(ThemeChoice.LIGHT);
    assertThat(loaded.settings().vm())
        .isEqualTo(new VmSettings(DriverChoice.QEMU, 2, 8192, 32, VmConfig.Engine.MOBY));
  }

  @Test
  void aFileWithoutVmSettingsHasTheDefaults() throws IOException {
    var file = dir.resolve("settings.json");
    Files.writeString(file, "{\"theme\": \"DARK\"}");

    assertThat(new SettingsStore(file).load().settings().vm()).isEqualTo(VmSettings.defaults());
  }

  @Test
  void theProxyAndCertificatesSurviveASaveAndAreWhatTheCommandReads() throws IOException {
    var file = dir.resolve("settings.json");
    var vm =
        VmSettings.defaults()
            .withNetwork(
                new VmNetwork(
                    new ProxySettings("http://u:pw@127.0.0.1:3128", "", "corp.example"),
                    true,
                    List.of(Path.of("/etc/corp/ca.pem"))));

    new SettingsStore(file).save(Settings.defaults().withVm(vm));

    assertThat(new SettingsStore(file).load().settings().vm()).isEqualTo(vm);
    assertThat(VmSettings.readFrom(file).toConfig("drover").network()).isEqualTo(vm.network());
  }

  @Test
  void aBadProxyIsReportedWithoutItsPasswordAndTheRestIsKept() throws IOException {
    var file = dir.resolve("settings.json");
    Files.writeString(
        file,
        """
        {"vm": {"cpus": 4, "network": {"httpProxy": "ftp://me:hunter2@proxy:21",
          "httpsProxy": "http://proxy:3128", "hostCertificates": true}}}
        """);

    var read = SettingsJson.read(Files.readAllBytes(file));

    assertThat(read.invalid())
        .extracting(InvalidSetting::key)
        .containsExactly("vm.network.httpProxy");
    assertThat(read.invalid().getFirst().toString()).doesNotContain("hunter2");
    var network = read.settings().vm().network();
    assertThat(network.proxy()).isEqualTo(new ProxySettings("", "http://proxy:3128", ""));
    assertThat(network.hostCertificates()).isTrue();
    assertThat(read.settings().vm().cpus()).isEqualTo(4);
  }

  @Test
  void sharedFoldersSurviveASaveWithTheirReadOnlyFlag() throws IOException {
    var file = dir.resolve("settings.json");
    var vm =
        VmSettings.defaults()
            .withSharedFolders(
                List.of(
                    new SharedFolder(Path.of("/home/me"), false),
                    new SharedFolder(Path.of("/srv/photos"), true)));

    new SettingsStore(file).save(Settings.defaults().withVm(vm));

    assertThat(new SettingsStore(file).load().settings().vm().sharedFolders())
        .containsExactlyElementsOf(vm.sharedFolders());
    assertThat(VmSettings.readFrom(file).toConfig("drover").sharedFolders())
        .containsExactlyElementsOf(vm.sharedFolders());
  }

  @Test
  void theHomeFolderIsSharedReadWriteByDefault() {
    assertThat(VmSettings.defaults().sharedFolders())
        .containsExactly(new SharedFolder(Path.of(System.getProperty("user.home")), false));
  }

  @Test
  void aFolderTheVmCannotShareIsReportedAndTheOthersStay() throws IOException {
    var file = dir.resolve("settings.json");
    Files.writeString(
        file,
        """
        {"vm": {"sharedFolders": [{"path": "/home/me"}, {"path": "relative"}, {"path": "/proc"}]}}
        """);

    var invalid = SettingsJson.read(Files.readAllBytes(file)).invalid();

    assertThat(invalid)
        .extracting(InvalidSetting::key)
        .containsExactly("vm.sharedFolders[1]", "vm.sharedFolders[2]");
    assertThat(new SettingsStore(file).load().settings().vm().sharedFolders())
        .containsExactly(new SharedFolder(Path.of("/home/me"), false));
  }
}
