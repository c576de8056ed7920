package dev.drover.app.ui.containers.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the ANSI SGR escape sequences programs use to colour their output ({@code ESC[1;31m}) into
 * styled segments: 16 colours (30-37, 90-97), the 256-colour palette ({@code 38;5;n}), true colour
 * ({@code 38;2;r;g;b}), bold and reset. Backgrounds are read and dropped; other escape sequences
 * (cursor moves, erasing, titles) are removed. Plain Java, so it runs on a stream thread and is
 * tested without a toolkit.
 */
public final class AnsiText {

  private static final char ESC = '\u001b';

  private AnsiText() {}

  /** A foreground colour. */
  public sealed interface Color {
    /**
     * A palette entry: 0-7 the normal colours, 8-15 the bright ones, 16-255 the xterm cube and
     * greys.
     */
    record Indexed(int index) implements Color {
      public Indexed {
        if (index < 0 || index > 255)
          throw new IllegalArgumentException("palette index out of range: " + index);
      }
    }

    record Rgb(int red, int green, int blue) implements Color {}

    static Color indexed(int index) {
      return new Indexed(index);
    }
  }

  /**
   * A run of text in one style.
   *
   * @param color the foreground colour, null for the view's default
   */
  public record Segment(String text, Color color, boolean bold) {

    public static Segment plain(String text) {
      return new Segment(text, null, false);
    }
  }

  /** The segments of {@code line}, escape sequences removed; none for an empty line. */
  public static List<Segment> parse(String line) {
    if (line.isEmpty()) return List.of();
    if (line.indexOf(ESC) < 0) return List.of(Segment.plain(line));
    var segments = new ArrayList<Segment>();
    var style = new Style();
    var text = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c != ESC) {
        text.append(c);
        i++;
        continue;
      }
      if (i + 1 >= n) break; // a lone ESC at the end: drop it
      char kind = line.charAt(i + 1);
      if (kind == '[') {
        int end = i + 2;
        while (end < n && line.charAt(end) >= 0x20 && line.charAt(end) <= 0x3f) end++;
        if (end >= n) break; // cut off: nothing more to show
        char last = line.charAt(end);
        if (last == 'm') {
          var before = style.copy();
          style.apply(line.substring(i + 2, end));
          if (!style.equals(before)) flush(segments, text, before);
        }
        i = end + 1;
      } else if (kind == ']') {
        // Operating system command (window title, hyperlink): ends at BEL or ESC \.
        int end = i + 2;
        while (end < n
            && line.charAt(end) != '\u0007'
            && !(line.charAt(end) == ESC && end + 1 < n && line.charAt(end + 1) == '\\')) end++;
        i = end >= n ? n : end + (line.charAt(end) == ESC ? 2 : 1);
      } else {
        i += 2;
      }
    }
    flush(segments, text, style);
    return List.copyOf(segments);
  }

  /** The text of {@code line} without its escape sequences, as a person reads it. */
  public static String strip(String line) {
    if (line.indexOf(ESC) < 0) return line;
    var text = new StringBuilder(line.length());
    for (var segment : parse(line)) text.append(segment.text());
    return text.toString();
  }

  private static void flush(List<Segment> segments, StringBuilder text, Style style) {
    if (text.isEmpty()) return;
    var segment = new Segment(text.toString(), style.color, style.bold);
    text.setLength(0);
    if (!segments.isEmpty()) {
      var previous = segments.getLast();
      if (Objects.equals(previous.color(), segment.color()) && previous.bold() == segment.bold()) {
        segments.set(
            segments.size() - 1,
            new Segment(previous.text() + segment.text(), segment.color(), segment.bold()));
        return;
      }
    }
    segments.add(segment);
  }

  private static final class Style {
    private Color color;
    private boolean bold;

    Style copy() {
      var copy = new Style();
      copy.color = color;
      copy.bold = bold;
      return copy;
    }

    void apply(String parameters) {
      if (parameters.isEmpty()) {
        reset();
        return;
      }
      // Colon sub-parameters (38:5:n, 38:2::r:g:b) are read like semicolons; an empty one counts as
      // 0.
      var codes = parameters.replace(':', ';').split(";", -1);
      int[] values = new int[codes.length];
      for (int k = 0; k < codes.length; k++) values[k] = number(codes[k]);
      for (int k = 0; k < values.length; k++) {
        int code = values[k];
        switch (code) {
          case 0 -> reset();
          case 1 -> bold = true;
          case 21, 22 -> bold = false;
          case 39 -> color = null;
          case 38, 48 -> {
            Color extended = null;
            if (k + 2 < values.length && values[k + 1] == 5) {
              int index = values[k + 2];
              if (index >= 0 && index <= 255) extended = new Color.Indexed(index);
              k += 2;
            } else if (k + 1 < values.length && values[k + 1] == 2) {
              // 38;2;r;g;b, or with colons 38:2:<colour space>:r:g:b
              int first = parameters.contains(":") && k + 5 < values.length ? k + 3 : k + 2;
              if (first + 2 < values.length) {
                extended =
                    new Color.Rgb(
                        clamp(values[first]), clamp(values[first + 1]), clamp(values[first + 2]));
              }
              k = Math.min(values.length, first + 3) - 1;
            } else {
              k = values.length; // malformed: ignore the rest of the sequence
            }
            if (code == 38 && extended != null) color = extended;
          }
          default -> {
            if (code >= 30 && code <= 37) color = new Color.Indexed(code - 30);
            else if (code >= 90 && code <= 97) color = new Color.Indexed(code - 90 + 8);
            // backgrounds (40-49, 100-107), italics, underline and the rest are not shown
          }
        }
      }
    }

    private void reset() {
      color = null;
      bold = false;
    }

    private static int number(String code) {
      if (code.isEmpty()) return 0;
      int value = 0;
      for (int k = 0; k < code.length(); k++) {
        char c = code.charAt(k);
        if (c < '0' || c > '9') return -1;
        value = Math.min(value * 10 + (c - '0'), 100_000);
      }
      return value;
    }

    private static int clamp(int value) {
      return Math.max(0, Math.min(255, value));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Style s && s.bold == bold && Objects.equals(s.color, color);
    }

    @Override
    public int hashCode() {
      return Objects.hash(color, bold);
    }
  }
}
