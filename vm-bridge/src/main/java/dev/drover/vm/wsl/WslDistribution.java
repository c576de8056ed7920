package dev.drover.vm.wsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One line of {@code wsl --list --verbose}, as wsl.exe prints it with {@code "%s %-<n>s%-16s%s\n"}:
 *
 * <pre>
 *   NAME              STATE           VERSION
 * * Ubuntu            Running         2
 *   Ubuntu-18.04      Stopped         1
 *   docker-desktop    Running         2
 * </pre>
 *
 * The header and the states are English on every Windows (wsl.exe writes them as literals, not from
 * its localised messages; a Chinese Windows prints the same columns); a star marks the default;
 * names have no spaces (wsl.exe refuses them) but may hold dashes and dots; version 1 distributions
 * are listed too.
 */
public record WslDistribution(String name, State state, int version, boolean isDefault) {

  /** {@code [*] name state version}; the state is one word, but a few more are tolerated. */
  private static final Pattern ROW =
      Pattern.compile("^(\\*\\s*)?(\\S+)\\s+(\\S+(?:\\s+\\S+)*?)\\s+([12])$");

  public enum State {
    RUNNING,
    STOPPED,
    INSTALLING,
    CONVERTING,
    UNINSTALLING,
    EXPORTING,
    UNKNOWN;

    /** The state column: the words WslClient.cpp prints. */
    static State parse(String word) {
      return switch (word.toLowerCase(Locale.ROOT)) {
        case "running" -> RUNNING;
        case "stopped" -> STOPPED;
        case "installing" -> INSTALLING;
        case "converting" -> CONVERTING;
        case "uninstalling" -> UNINSTALLING;
        case "exporting" -> EXPORTING;
        default -> UNKNOWN;
      };
    }
  }

  /**
   * The distributions in {@code wsl --list --verbose}'s decoded standard output; none when it lists
   * none. Lines that are not rows (the header, a message, an old wsl.exe's usage text) are skipped.
   */
  public static List<WslDistribution> parseList(String output) {
    var result = new ArrayList<WslDistribution>();
    for (var raw : output.split("\n")) {
      var row = ROW.matcher(raw.strip());
      if (!row.matches()) continue;
      result.add(
          new WslDistribution(
              row.group(2),
              State.parse(row.group(3)),
              Integer.parseInt(row.group(4)),
              row.group(1) != null));
    }
    return result;
  }

  /**
   * Whether a failed {@code wsl --list --verbose} means only that no distribution is registered.
   * wsl.exe then says so in the user's language, with no error code (or
   * WSL_E_DEFAULT_DISTRO_NOT_FOUND) and with either the "wsl.exe --list --online" it suggests or,
   * before 2022, its Microsoft Store link.
   */
  public static boolean noneInstalled(String output) {
    if (WslStatus.problemIn(output).isPresent()) return false;
    var error = WslError.in(output);
    if (error.isPresent()) return error.get().is(WslError.DEFAULT_DISTRO_NOT_FOUND);
    var lower = output.toLowerCase(Locale.ROOT);
    return lower.contains("--list --online") || lower.contains("aka.ms/wslstore");
  }
}
