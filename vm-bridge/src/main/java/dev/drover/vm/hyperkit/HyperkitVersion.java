package dev.drover.vm.hyperkit;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code hyperkit -v} prints (to standard error, exit code 0): {@code "hyperkit:
 * <version>\n\nHomepage: https://github.com/docker/hyperkit\nLicense: BSD\n\n"}. Versions are
 * dates, as a release ({@code 0.20200908}), a git build ({@code v0.20190201-11-gc0dd46}, {@code
 * 20170515-fa78d94}) or Docker Desktop's own build ({@code v0.20200224-44-gb54460}).
 *
 * @param version the version as printed after "hyperkit: "
 */
public record HyperkitVersion(String version) {

  private static final Pattern LINE = Pattern.compile("(?m)^hyperkit: (\\S+)");
  private static final Pattern DATE = Pattern.compile("(?<!\\d)(20\\d{6})(?!\\d)");

  /** The version in {@code hyperkit -v}'s output; empty when the output is not hyperkit's. */
  public static Optional<HyperkitVersion> parse(String output) {
    var line = LINE.matcher(output);
    return line.find() ? Optional.of(new HyperkitVersion(line.group(1))) : Optional.empty();
  }

  /** The release date the version names; empty for a version without one. */
  public Optional<LocalDate> date() {
    var date = DATE.matcher(version);
    if (!date.find()) return Optional.empty();
    try {
      return Optional.of(LocalDate.parse(date.group(1), DateTimeFormatter.BASIC_ISO_DATE));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
