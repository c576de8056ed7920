package dev.drover.vm.wsl;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code wsl --status} (and its failures) says about WSL on this machine. wsl.exe's messages
 * are in the user's language, so they are recognised by what no translation changes: error codes,
 * the aka.ms links and the command lines wsl.exe quotes ("wsl.exe --install --no-distribution"),
 * and the usage text's option list.
 *
 * @param installed whether WSL can run distributions at all
 * @param defaultVersion the "Default Version" line, 1 or 2; 0 when not printed
 * @param problem why WSL cannot be used, in words with what to do; empty when it can
 */
public record WslStatus(boolean installed, int defaultVersion, Optional<String> problem) {

  static final String INSTALL_WSL =
      "WSL is not installed or not enabled. Run `wsl --install` in an "
          + "administrator terminal, restart Windows, then start Drover again.";
  static final String ENABLE_VIRTUALIZATION =
      "WSL 2 needs the Virtual Machine Platform and virtualization "
          + "enabled in the firmware (BIOS/UEFI). Enable both (`wsl --install --no-distribution` in an "
          + "administrator terminal turns on the first), restart Windows, then start Drover again.";
  static final String UPDATE_WSL =
      "This Windows has a WSL too old for Drover: its wsl.exe does not know the "
          + "options Drover uses. Run `wsl --update`, or update Windows, then start Drover again.";

  /**
   * "Default Version: 2", "Standardversion: 2", "既定のバージョン: 2": a label, a colon (maybe full-width),
   * 1 or 2.
   */
  private static final Pattern VERSION_LINE = Pattern.compile("^(.+?)\\s*[:：]\\s*([12])$");

  public static WslStatus parse(int exitCode, String output) {
    var text = output.strip();
    var problem = problemIn(text);
    if (problem.isPresent()) return new WslStatus(false, 0, problem);
    var version = defaultVersion(text);
    if (exitCode != 0 && version == 0) {
      var error = WslError.in(text);
      return new WslStatus(
          false,
          0,
          Optional.of(
              "WSL did not answer as expected (exit code "
                  + exitCode
                  + "): "
                  + error.map(WslError::describe).orElse(firstLine(text))
                  + ". Try `wsl --update` in a terminal."));
    }
    return new WslStatus(true, version, Optional.empty());
  }

  /**
   * Why WSL cannot run a WSL 2 distribution, when the output of any wsl.exe command shows it:
   * virtualization off or its Windows feature missing, WSL missing, or a wsl.exe too old to know an
   * option.
   */
  static Optional<String> problemIn(String text) {
    var lower = text.toLowerCase(Locale.ROOT);
    var error = WslError.in(text);
    // before the "not installed" checks: this message also says "wsl.exe --install
    // --no-distribution"
    if (lower.contains("aka.ms/enablevirtualization")
        || error
            .map(e -> e.is(WslError.HYPERV_NOT_INSTALLED) || e.is(WslError.SERVICE_NOT_AVAILABLE))
            .orElse(false)) {
      return Optional.of(ENABLE_VIRTUALIZATION);
    }
    if (lower.contains("aka.ms/wslinstall")
        || lower.contains("wsl_e_wsl_optional_component_required")
        || lower.contains("--install --no-distribution")) {
      return Optional.of(INSTALL_WSL);
    }
    // an inbox wsl.exe answers an option it lacks with its usage text, whose option list is never
    // translated
    if (lower.contains("--exec, -e <commandline>")) {
      return Optional.of(UPDATE_WSL);
    }
    return Optional.empty();
  }

  private static int defaultVersion(String text) {
    var version = 0;
    var fromVersionLabel = false;
    for (var line : text.split("\n")) {
      var matcher = VERSION_LINE.matcher(line.strip());
      if (!matcher.matches()) continue;
      var labelled = matcher.group(1).toLowerCase(Locale.ROOT).contains("version");
      // a localised label without the word still counts, unless a line that has it was seen
      if (labelled || !fromVersionLabel) {
        version = Integer.parseInt(matcher.group(2));
        fromVersionLabel |= labelled;
      }
    }
    return version;
  }

  static String firstLine(String text) {
    var newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
