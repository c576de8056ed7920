package dev.drover.vm.wsl;

import java.util.Optional;

/**
 * What {@code wsl --status} (and its failures) says about WSL on this machine.
 *
 * @param installed      whether WSL can run distributions at all
 * @param defaultVersion the "Default Version" line, 1 or 2; 0 when not printed
 * @param problem        why WSL cannot be used, in words with what to do; empty when it can
 */
public record WslStatus(boolean installed, int defaultVersion, Optional<String> problem) {

    public static WslStatus parse(int exitCode, String output) {
        var text = output.strip();
        var lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("is not installed") || lower.contains("wsl.exe --install")
                || lower.contains("optional component is not enabled") || lower.contains("wsl_e_wsl_optional_component_required")) {
            return new WslStatus(false, 0, Optional.of("WSL is not installed or not enabled. Run `wsl --install` in an "
                    + "administrator terminal, restart Windows, then start Drover again."));
        }
        if (lower.contains("virtual machine platform") || lower.contains("hcs_e_hyperv_not_installed")
                || lower.contains("enable virtualization")) {
            return new WslStatus(false, 0, Optional.of("WSL 2 needs the Virtual Machine Platform and virtualization "
                    + "enabled in the firmware (BIOS/UEFI). Enable both, restart Windows, then start Drover again."));
        }
        var version = 0;
        for (var line : text.split("\n")) {
            var colon = line.indexOf(':');
            if (colon < 0) continue;
            var value = line.substring(colon + 1).strip();
            // "Default Version: 2"; localised labels still end with the digit
            if (line.toLowerCase(java.util.Locale.ROOT).contains("version") && value.matches("[12]")) {
                version = Integer.parseInt(value);
            }
        }
        if (exitCode != 0 && version == 0) {
            return new WslStatus(false, 0, Optional.of("WSL did not answer as expected (exit code " + exitCode + "): "
                    + firstLine(text) + ". Try `wsl --update` in a terminal."));
        }
        return new WslStatus(true, version, Optional.empty());
    }

    static String firstLine(String text) {
        var newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
