package dev.drover.vm.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drover.vm.DriverKind;
import org.junit.jupiter.api.Test;

class DriverChoiceTest {

  @Test
  void settingsWordsNameTheirChoiceAndBack() {
    for (var choice : DriverChoice.values()) {
      assertThat(DriverChoice.parse(choice.word())).isEqualTo(choice);
    }
    assertThat(DriverChoice.values())
        .extracting(DriverChoice::word)
        .containsExactly("auto", "qemu", "wsl2", "hyperkit");
    assertThat(DriverChoice.parse("wsl2").kind()).contains(DriverKind.WSL2);
    assertThat(DriverChoice.AUTO.kind()).isEmpty();
  }

  @Test
  void anUnknownDriverWordIsRefusedNamingTheWordsTheSettingTakes() {
    assertThatThrownBy(() -> DriverChoice.parse("vbox"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the VM driver is one of [auto, qemu, wsl2, hyperkit], not vbox");
    assertThat(DriverChoice.fromWord("QEMU")).as("the words are lower-case").isEmpty();
  }

  @Test
  void settingsRefuseAnUnknownDriverWordOrOneThatIsNotTextNamingWhy() {
    var json = new ObjectMapper();

    assertThat(VmSettings.driverRefusal(json.createObjectNode().put("driver", "vbox")))
        .contains("the VM driver is one of [auto, qemu, wsl2, hyperkit], not vbox");
    assertThat(VmSettings.driverRefusal(json.createObjectNode().put("driver", 3)))
        .contains("not text");
    assertThat(VmSettings.driverRefusal(json.createObjectNode().put("driver", "hyperkit")))
        .isEmpty();
    assertThat(VmSettings.driverRefusal(json.createObjectNode())).isEmpty();
  }

  @Test
  void anUnknownDriverWordInSettingsTakesTheDefaultAndKeepsTheOtherVmSettings() {
    var vm = new ObjectMapper().createObjectNode().put("driver", "vbox").put("cpus", 6);

    var read = VmSettings.fromJson(vm);

    assertThat(read.driver()).isEqualTo(DriverChoice.AUTO);
    assertThat(read.cpus()).isEqualTo(6);
  }
}
