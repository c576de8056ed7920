package dev.drover.vm.wsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * wsl.exe's output as recorded on real Windows machines (see SOURCES.md beside the fixtures):
 * UTF-16LE without a byte-order mark, CR LF line ends, English list columns on every Windows,
 * messages in the user's language.
 */
class WslOutputTest {

  static byte[] recorded(String name) {
    try (var in = WslOutputTest.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalArgumentException("no recorded output " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String decoded(String name) {
    return WslText.decode(recorded(name));
  }

  @Test
  void recordingsAreTheBytesWslExeWrites() {
    var bytes = recorded("list-verbose-v1-distros.txt");

    assertThat(Arrays.copyOf(bytes, 4)).containsExactly(' ', 0, ' ', 0); // no byte-order mark
    assertThat(Arrays.copyOfRange(bytes, bytes.length - 4, bytes.length))
        .containsExactly('\r', 0, '\n', 0);
  }

  @Test
  void utf16WithoutBomDecodesToPlainLines() {
    var text = decoded("list-verbose-v1-distros.txt");

    assertThat(text)
        .startsWith("  NAME              STATE           VERSION\n")
        .doesNotContain("\u0000")
        .doesNotContain("\r");
    assertThat(text.lines()).hasSize(5);
  }

  @Test
  void listShowsVersion1DistributionsAndNamesWithDashesAndDots() {
    assertThat(WslDistribution.parseList(decoded("list-verbose-v1-distros.txt")))
        .containsExactly(
            new WslDistribution("Ubuntu", WslDistribution.State.RUNNING, 2, true),
            new WslDistribution("Legacy", WslDistribution.State.STOPPED, 1, false),
            new WslDistribution("Ubuntu-18.04", WslDistribution.State.STOPPED, 1, false),
            new WslDistribution("docker-desktop", WslDistribution.State.RUNNING, 2, false));
  }

  @Test
  void chineseWindowsListsInTheSameEnglishColumns() {
    assertThat(WslDistribution.parseList(decoded("list-verbose-chinese-windows.txt")))
        .containsExactly(
            new WslDistribution("Ubuntu", WslDistribution.State.STOPPED, 1, true),
            new WslDistribution("OH", WslDistribution.State.STOPPED, 2, false));
  }

  @Test
  void aSingleDefaultDistributionIsListed() {
    assertThat(WslDistribution.parseList(decoded("list-verbose-one-stopped.txt")))
        .containsExactly(new WslDistribution("Ubuntu", WslDistribution.State.STOPPED, 2, true));
  }

  @Test
  void chineseMessagesDecodeThoughAlmostNoByteIsZero() {
    var bytes = recorded("unregister-ok-chinese.txt");

    assertThat(WslText.decode(bytes)).isEqualTo("正在注销。\n操作成功完成。\n");
    // the same message from a wsl.exe run with WSL_UTF8=1
    var utf8 = new String(bytes, StandardCharsets.UTF_16LE).getBytes(StandardCharsets.UTF_8);
    assertThat(WslText.decode(utf8)).isEqualTo("正在注销。\n操作成功完成。\n");
  }

  @Test
  void aByteOrderMarkIsDropped() {
    // wsl.exe writes none; a capture that went through another program may have one
    var recording = recorded("status-ok.txt");
    var withBom = new byte[recording.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(recording, 0, withBom, 2, recording.length);

    assertThat(WslText.decode(withBom))
        .isEqualTo(WslText.decode(recording))
        .startsWith("Default Distribution");
  }

  @Test
  void noInstalledDistributionIsAnEmptyListInAnyLanguage() {
    for (var name :
        new String[] {
          "list-no-distributions-store.txt",
          "list-no-distributions-spanish.txt",
          "no-distributions-error-code.txt"
        }) {
      var output = decoded(name);
      assertThat(WslDistribution.parseList(output)).as(name).isEmpty();
      assertThat(WslDistribution.noneInstalled(output)).as(name).isTrue();
    }
  }

  @Test
  void aFailingServiceIsNotAnEmptyList() {
    var output = decoded("list-server-execution-failed.txt");

    assertThat(WslDistribution.noneInstalled(output)).isFalse();
    assertThat(WslError.in(output))
        .hasValue(new WslError("Server execution failed", "Wsl/0x80080005"));
  }

  @Test
  void anOldWslAnswersWithItsUsageTextWhichIsNoListAndAsksForAnUpdate() {
    var chinese = decoded("list-verbose-unsupported-chinese.txt");

    assertThat(WslDistribution.parseList(chinese)).isEmpty();
    assertThat(WslDistribution.noneInstalled(chinese)).isFalse();
    assertThat(WslStatus.problemIn(chinese)).hasValue(WslStatus.UPDATE_WSL);
    var english = WslStatus.parse(-1, decoded("invalid-option-old-windows.txt"));
    assertThat(english.installed()).isFalse();
    assertThat(english.problem()).hasValueSatisfying(p -> assertThat(p).contains("wsl --update"));
  }

  @Test
  void statusOfAWorkingWsl2() {
    for (var name : new String[] {"status-ok.txt", "status-ok-opensuse.txt"}) {
      var status = WslStatus.parse(0, decoded(name));
      assertThat(status.installed()).as(name).isTrue();
      assertThat(status.defaultVersion()).as(name).isEqualTo(2);
      assertThat(status.problem()).as(name).isEmpty();
    }
  }

  @Test
  void versionNumbersOfComponentsAreNotTheDefaultVersion() {
    var status = WslStatus.parse(0, decoded("version.txt"));

    assertThat(status.installed()).isTrue();
    assertThat(status.defaultVersion()).isZero();
  }

  @Test
  void aLocalisedFailureIsQuotedWithItsCode() {
    var status = WslStatus.parse(-1, decoded("status-server-execution-failed-french.txt"));

    assertThat(status.installed()).isFalse();
    assertThat(status.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("Échec de l’exécution du serveur (Wsl/0x80080005)")
                    .contains("wsl --update"));
  }

  @Test
  void virtualizationOffTellsWhatToEnableNotToInstallWsl() {
    // each also says "wsl.exe --install --no-distribution", which an older check read as "WSL is
    // missing"
    for (var name :
        new String[] {
          "import-hyperv-not-installed.txt",
          "launch-hyperv-not-installed-en-gb.txt",
          "import-feature-missing-french.txt"
        }) {
      assertThat(WslStatus.problemIn(decoded(name)))
          .as(name)
          .hasValue(WslStatus.ENABLE_VIRTUALIZATION);
    }
    assertThat(WslStatus.ENABLE_VIRTUALIZATION)
        .contains("Virtual Machine Platform")
        .contains("BIOS");
  }

  @Test
  void errorCodesAreReadWhateverTheLabelsLanguage() {
    var english = WslError.in(decoded("unregister-not-found.txt")).orElseThrow();
    var chinese = WslError.in(decoded("launch-not-found-chinese.txt")).orElseThrow();

    assertThat(english.is(WslError.DISTRO_NOT_FOUND)).isTrue();
    assertThat(english.describe())
        .isEqualTo(
            "Unregistering. There is no distribution with the supplied name. "
                + "(Wsl/Service/WSL_E_DISTRO_NOT_FOUND)");
    assertThat(chinese.is(WslError.DISTRO_NOT_FOUND)).isTrue();
    assertThat(chinese.code()).isEqualTo("Wsl/Service/ReadDistroConfig/WSL_E_DISTRO_NOT_FOUND");
    assertThat(chinese.message()).isEqualTo("不存在具有所提供名称的分发。");
    assertThat(
            WslError.in(decoded("import-hyperv-not-installed.txt"))
                .orElseThrow()
                .is(WslError.HYPERV_NOT_INSTALLED))
        .isTrue();
    assertThat(WslError.in(decoded("unregister-ok-chinese.txt"))).isEmpty();
  }

  @Test
  void oddByteCountFromACutMessageLeavesNoNul() {
    var bytes = "drover Running".getBytes(StandardCharsets.UTF_16LE);
    var cut = Arrays.copyOf(bytes, bytes.length - 1);

    assertThat(WslText.decode(cut)).doesNotContain("\u0000").startsWith("drover Runnin");
  }
}
