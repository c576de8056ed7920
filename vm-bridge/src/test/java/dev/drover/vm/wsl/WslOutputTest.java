package dev.drover.vm.wsl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** wsl.exe's output as recorded on Windows: UTF-16LE with and without a BOM, CRLF (and CR CR LF) line ends. */
class WslOutputTest {

    static byte[] recorded(String name) {
        try (var in = WslOutputTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void utf16WithoutBomDecodesToPlainLines() {
        var text = WslText.decode(recorded("list-verbose-running.txt"));

        assertThat(text).startsWith("  NAME").doesNotContain("\u0000").doesNotContain("\r");
        assertThat(text.lines()).hasSize(4);
    }

    @Test
    void utf16WithBomDropsTheMark() {
        assertThat(WslText.decode(recorded("list-verbose-stopped-bom.txt"))).startsWith("  NAME");
    }

    @Test
    void utf8FromACommandInsideTheDistributionStaysUtf8() {
        assertThat(WslText.decode(recorded("exec-output-utf8.txt"))).contains("Ärger: ü");
    }

    @Test
    void listShowsRunningAndStoppedDistributionsWithTheDefault() {
        var list = WslDistribution.parseList(WslText.decode(recorded("list-verbose-running.txt")));

        assertThat(list).containsExactly(
                new WslDistribution("Ubuntu-22.04", WslDistribution.State.RUNNING, 2, true),
                new WslDistribution("docker-desktop-data", WslDistribution.State.STOPPED, 2, false),
                new WslDistribution("drover", WslDistribution.State.RUNNING, 2, false));
    }

    @Test
    void listWithBomKeepsWslVersions() {
        var list = WslDistribution.parseList(WslText.decode(recorded("list-verbose-stopped-bom.txt")));

        assertThat(list).extracting(WslDistribution::name, WslDistribution::state, WslDistribution::version)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Ubuntu", WslDistribution.State.STOPPED, 2),
                        org.assertj.core.groups.Tuple.tuple("drover", WslDistribution.State.STOPPED, 2),
                        org.assertj.core.groups.Tuple.tuple("legacy", WslDistribution.State.STOPPED, 1));
    }

    @Test
    void germanWindowsStatesAreUnderstood() {
        var list = WslDistribution.parseList(WslText.decode(recorded("list-verbose-german.txt")));

        assertThat(list).containsExactly(
                new WslDistribution("drover", WslDistribution.State.RUNNING, 2, true),
                new WslDistribution("Debian", WslDistribution.State.STOPPED, 2, false));
    }

    @Test
    void noInstalledDistributionsIsAnEmptyList() {
        assertThat(WslDistribution.parseList(WslText.decode(recorded("list-no-distributions.txt")))).isEmpty();
    }

    @Test
    void statusOfAWorkingWsl2() {
        var status = WslStatus.parse(0, WslText.decode(recorded("status-ok.txt")));

        assertThat(status.installed()).isTrue();
        assertThat(status.defaultVersion()).isEqualTo(2);
        assertThat(status.problem()).isEmpty();
    }

    @Test
    void statusOfAnOldWslWithVersion1AsDefaultStillWorks() {
        var status = WslStatus.parse(0, WslText.decode(recorded("status-old-version-1.txt")));

        assertThat(status.installed()).isTrue();
        assertThat(status.defaultVersion()).isEqualTo(1);
    }

    @Test
    void wslNotInstalledTellsHowToInstallIt() {
        var status = WslStatus.parse(-1, WslText.decode(recorded("status-not-installed.txt")));

        assertThat(status.installed()).isFalse();
        assertThat(status.problem()).hasValueSatisfying(p -> assertThat(p).contains("wsl --install"));
    }

    @Test
    void virtualizationOffTellsWhatToEnable() {
        var status = WslStatus.parse(-1, WslText.decode(recorded("status-no-virtualization.txt")));

        assertThat(status.problem()).hasValueSatisfying(p -> assertThat(p).contains("Virtual Machine Platform").contains("BIOS"));
    }

    @Test
    void unknownFailureQuotesWslsFirstLine() {
        var status = WslStatus.parse(-1, WslText.decode(recorded("distribution-not-found.txt")));

        assertThat(status.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("There is no distribution with the supplied name.").doesNotContain("Error code"));
    }

    @Test
    void oddByteCountFromACutMessageLeavesNoNul() {
        var bytes = "drover Running".getBytes(StandardCharsets.UTF_16LE);
        var cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);

        assertThat(WslText.decode(cut)).doesNotContain("\u0000").startsWith("drover Runnin");
    }
}
