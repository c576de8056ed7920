package dev.drover.app.ui.containers;

import dev.drover.app.ui.time.Elapsed;
import dev.drover.engine.ContainerSummary;
import dev.drover.engine.ContainerSummary.PublishedPort;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the Containers table.
 *
 * @param status the engine's text when the row was read, e.g. "Up 3 minutes (healthy)"
 * @param statusSince when the time in {@code status} counts from ("Up" since the start, "Exited …
 *     ago" since the exit), so the text can be kept current; null when the text holds no time
 */
public record ContainerRow(
    String id,
    String name,
    String image,
    String state,
    String status,
    List<PublishedPort> ports,
    String project,
    Instant statusSince) {

  /** The engine's duration words, as in "Up About a minute" and "Exited (0) 3 hours ago". */
  private static final Pattern DURATION =
      Pattern.compile(
          "Less than a second|About a minute|About an hour|(\\d+) (second|minute|hour|day|week|month|year)s?\\b");

  public ContainerRow {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  public ContainerRow(String id, String name, String image, String state, String status) {
    this(id, name, image, state, status, List.of(), null, null);
  }

  /**
   * The row for {@code summary} as read at {@code readAt}. The engine's text says how long ago to
   * its unit only ("3 minutes"), so a row that already counts from a time the new text agrees with
   * keeps that time: it is as exact as the text it was first read from ("Up 1 second").
   */
  static ContainerRow of(ContainerSummary summary, Instant readAt, ContainerRow previous) {
    var since = since(summary.status(), readAt);
    if (since != null
        && previous != null
        && previous.statusSince() != null
        && previous.state().equals(summary.state())
        && previous.statusAt(readAt).equals(summary.status())) {
      since = previous.statusSince();
    }
    return new ContainerRow(
        summary.id(),
        summary.name(),
        summary.image(),
        summary.state(),
        summary.status(),
        summary.ports(),
        summary.composeProject(),
        since);
  }

  /** The status as it reads at {@code now}: the engine's text with its time brought up to date. */
  public String statusAt(Instant now) {
    if (statusSince == null) return status;
    var matcher = DURATION.matcher(status);
    if (!matcher.find()) return status;
    return status.substring(0, matcher.start())
        + Elapsed.WORDS.text(Duration.between(statusSince, now))
        + status.substring(matcher.end());
  }

  /**
   * When the time in {@code status}, read at {@code readAt}, counts from (at the latest); null if
   * it holds none.
   */
  static Instant since(String status, Instant readAt) {
    if (status == null) return null;
    var matcher = DURATION.matcher(status);
    if (!matcher.find()) return null;
    return readAt.minusSeconds(leastSeconds(matcher));
  }

  /** The least time the engine's words can mean: from an hour on it rounds to the nearest hour. */
  private static long leastSeconds(Matcher matcher) {
    return switch (matcher.group()) {
      case "Less than a second" -> 0;
      case "About a minute" -> 60;
      case "About an hour" -> 3_600;
      default -> {
        var count = Long.parseLong(matcher.group(1));
        yield switch (matcher.group(2)) {
          case "second" -> count;
          case "minute" -> count * 60;
          case "hour" -> count * 3_600 - 1_800;
          case "day" -> count * 86_400 - 1_800;
          case "week" -> count * 7 * 86_400 - 1_800;
          case "month" -> count * 30 * 86_400 - 1_800;
          default -> count * 365 * 86_400;
        };
      }
    };
  }

  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  public boolean running() {
    return state.equals("running");
  }
}
