package dev.drover.vm.wsl;

import java.util.ArrayList;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A failure wsl.exe reported. wsl.exe prints its message, in the user's language, then a line
 * {@code Error code: Wsl/Service/RegisterDistro/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED} whose
 * label is localised too ("错误代码:", "Fehlercode:") but whose code never is. So failures are told
 * apart by the code, and the message is only quoted.
 *
 * @param message what wsl.exe said, its lines joined; may be in any language
 * @param code the code as printed, e.g. {@code Wsl/Service/WSL_E_DISTRO_NOT_FOUND} or {@code
 *     Wsl/0x80080005}; empty when wsl.exe printed none (it prints none when there are no
 *     distributions at all)
 */
public record WslError(String message, String code) {

  public static final String DISTRO_NOT_FOUND = "WSL_E_DISTRO_NOT_FOUND";
  public static final String DEFAULT_DISTRO_NOT_FOUND = "WSL_E_DEFAULT_DISTRO_NOT_FOUND";

  /**
   * The Virtual Machine Platform optional component is missing, or virtualization is off in the
   * firmware.
   */
  public static final String HYPERV_NOT_INSTALLED = "HCS_E_HYPERV_NOT_INSTALLED";

  /** "A required feature is not installed": the Hyper-V host compute service is missing. */
  public static final String SERVICE_NOT_AVAILABLE = "HCS_E_SERVICE_NOT_AVAILABLE";

  /** A code path ({@code Wsl/...}) or a bare WSL/HCS code, anywhere in a line. */
  private static final Pattern CODE =
      Pattern.compile("\\b(?:Wsl|WSL)/[\\w/.-]+|\\b(?:WSL|HCS|LXSS)_E_[A-Z0-9_]+");

  /** The hint wsl.exe has appended to every coded error since 2.x; no part of what went wrong. */
  private static final String ISSUES_HINT = "github.com/microsoft/WSL/issues";

  /** The failure in wsl.exe's decoded output; empty when the output holds none. */
  public static Optional<WslError> in(String output) {
    var message = new ArrayList<String>();
    String code = "";
    for (var raw : output.split("\n")) {
      var line = raw.strip();
      if (line.isEmpty() || line.contains(ISSUES_HINT)) continue;
      var matcher = CODE.matcher(line);
      if (code.isEmpty() && matcher.find()) {
        code = matcher.group();
        continue;
      }
      message.add(line);
    }
    if (code.isEmpty()) return Optional.empty();
    return Optional.of(new WslError(String.join(" ", message), code));
  }

  /** Whether the code ends in (or is) that name, e.g. {@code is(DISTRO_NOT_FOUND)}. */
  public boolean is(String name) {
    return code.equals(name) || code.endsWith("/" + name);
  }

  /**
   * The message and the code, as a user reads it: "There is no distribution …
   * (Wsl/Service/WSL_E_…)".
   */
  public String describe() {
    return message.isEmpty() ? code : message + " (" + code + ")";
  }
}
