package dev.drover.engine.logs;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the RFC 3339 timestamp the engine puts before every log line when asked for timestamps
 * ({@code 2024-05-01T12:34:56.123456789Z }, Go's RFC3339Nano: the fraction may be shorter or
 * absent, the zone may be an offset). Hand-written because it runs once per line of a possibly huge
 * log.
 */
final class DockerTimestamps {

  /** "2024-05-01T12:34:56Z" is the shortest; a 9-digit fraction and an offset make the longest. */
  private static final int SHORTEST = 20;

  private static final int LONGEST = 35;

  private DockerTimestamps() {}

  /** The instant written as {@code text}, or null when it is not an RFC 3339 timestamp. */
  static Instant parse(String text) {
    var bytes = text.getBytes(StandardCharsets.US_ASCII);
    return parse(bytes, 0, bytes.length);
  }

  /**
   * Where the text after a leading timestamp and its space starts in {@code b[from, to)}, or -1
   * when the bytes do not start with a timestamp followed by a space.
   */
  static int textStart(byte[] b, int from, int to) {
    int space = spaceAfter(b, from, to);
    return space < 0 || parse(b, from, space) == null ? -1 : space + 1;
  }

  /**
   * Where the space after a leading timestamp-sized word is in {@code b[from, to)}, or -1 when
   * there is none.
   */
  static int spaceAfter(byte[] b, int from, int to) {
    int limit = Math.min(to, from + LONGEST + 1);
    for (int i = from + SHORTEST; i < limit; i++) {
      if (b[i] == ' ') return i;
    }
    return -1;
  }

  /** The instant written in {@code b[from, to)}, or null. */
  static Instant parse(byte[] b, int from, int to) {
    int length = to - from;
    if (length < SHORTEST || length > LONGEST) return null;
    if (b[from + 4] != '-'
        || b[from + 7] != '-'
        || (b[from + 10] != 'T' && b[from + 10] != 't')
        || b[from + 13] != ':'
        || b[from + 16] != ':') return null;
    int year = digits(b, from, 4);
    int month = digits(b, from + 5, 2);
    int day = digits(b, from + 8, 2);
    int hour = digits(b, from + 11, 2);
    int minute = digits(b, from + 14, 2);
    int second = digits(b, from + 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || hour > 23
        || minute > 59
        || second > 59) return null;
    int i = from + 19;
    int nanos = 0;
    if (b[i] == '.') {
      int scale = 100_000_000;
      i++;
      int firstDigit = i;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        if (i - firstDigit >= 9) return null;
        nanos += (b[i] - '0') * scale;
        scale /= 10;
        i++;
      }
      if (i == firstDigit) return null;
    }
    int offsetSeconds;
    if (i == to - 1 && (b[i] == 'Z' || b[i] == 'z')) {
      offsetSeconds = 0;
    } else if (i == to - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
      int offsetHours = digits(b, i + 1, 2);
      int offsetMinutes = digits(b, i + 4, 2);
      if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 23 || offsetMinutes > 59)
        return null;
      offsetSeconds = (b[i] == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
      return null;
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      return Instant.ofEpochSecond(
          epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    } catch (DateTimeException notADate) {
      return null;
    }
  }

  private static int digits(byte[] b, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      if (b[i] < '0' || b[i] > '9') return -1;
      value = value * 10 + (b[i] - '0');
    }
    return value;
  }
}
