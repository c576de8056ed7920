package dev.drover.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.core.folders.DroverFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {

  @TempDir Path home;

  private SettingsFile holding(String json) throws IOException {
    var file = home.resolve("settings.json");
    Files.writeString(file, json);
    return new SettingsFile(file);
  }

  @Test
  void aSectionIsTheNamedTopLevelValue() throws IOException {
    var file = holding("{\"vm\": {\"cpus\": 4}, \"theme\": \"DARK\"}");

    assertThat(file.section(SettingsFile.VM).path("cpus").asInt()).isEqualTo(4);
    assertThat(file.section(SettingsFile.KUBERNETES).isMissingNode()).isTrue();
  }

  @Test
  void aMissingEmptyOrDamagedFileReadsAsEmptySections() throws IOException {
    assertThat(new SettingsFile(home.resolve("absent.json")).section("vm").isMissingNode())
        .isTrue();
    assertThat(holding("").section("vm").isMissingNode()).isTrue();
    assertThat(holding("null").section("vm").isMissingNode()).isTrue();
    assertThat(holding("{\"vm\": {\"cpus\": 4").section("vm").isMissingNode()).isTrue();
    assertThat(holding("[1, 2]").section("vm").isMissingNode()).isTrue();
  }

  @Test
  void kubernetesChoicesTakeTheirDefaultsOneByOne() throws IOException {
    assertThat(holding("{}").kubernetes()).isEqualTo(SettingsFile.KubernetesChoice.defaults());
    assertThat(
            holding("{\"kubernetes\": {\"k3sVersion\": \"v1.31.2+k3s1\", \"traefik\": false}}")
                .kubernetes())
        .isEqualTo(new SettingsFile.KubernetesChoice(Optional.of("v1.31.2+k3s1"), false));
    assertThat(holding("{\"kubernetes\": {\"k3sVersion\": 7, \"traefik\": \"no\"}}").kubernetes())
        .isEqualTo(SettingsFile.KubernetesChoice.defaults());
    assertThat(holding("{\"kubernetes\": {\"k3sVersion\": null, \"traefik\": false}}").kubernetes())
        .isEqualTo(new SettingsFile.KubernetesChoice(Optional.empty(), false));
  }

  @Test
  void theFileIsTheOneInTheConfigFolder() {
    var portable = home.resolve("portable");
    var folders =
        new DroverFolders(
            Map.of(DroverFolders.CONFIG_HOME_OVERRIDE, portable.toString()), home, "Linux");

    assertThat(SettingsFile.in(folders).path()).isEqualTo(portable.resolve("settings.json"));
  }
}
