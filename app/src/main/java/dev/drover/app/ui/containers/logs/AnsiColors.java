package dev.drover.app.ui.containers.logs;

import java.util.Locale;

/**
 * The CSS colour the logs view paints an ANSI colour with. Black and white follow the theme's text
 * colours so that they stay readable on the light and the dark theme; the other base colours are
 * mid tones readable on both.
 */
final class AnsiColors {

  private static final String[] BASE = {
    "-color-fg-muted", "#cd3131", "#13a10e", "#b58900", "#2472c8", "#bc3fbc", "#0e9fb8",
        "-color-fg-default",
    "-color-fg-subtle", "#f14c4c", "#23c275", "#d7ae00", "#3b8eea", "#d670d6", "#29b8db",
        "-color-fg-emphasis",
  };
  private static final int[] CUBE = {0, 95, 135, 175, 215, 255};

  private AnsiColors() {}

  static String css(AnsiText.Color color) {
    return switch (color) {
      case AnsiText.Color.Rgb rgb -> hex(rgb.red(), rgb.green(), rgb.blue());
      case AnsiText.Color.Indexed indexed -> indexed(indexed.index());
    };
  }

  private static String indexed(int index) {
    if (index < 16) return BASE[index];
    if (index < 232) {
      int cube = index - 16;
      return hex(CUBE[cube / 36], CUBE[(cube / 6) % 6], CUBE[cube % 6]);
    }
    int grey = 8 + 10 * (index - 232);
    return hex(grey, grey, grey);
  }

  private static String hex(int red, int green, int blue) {
    return String.format(Locale.ROOT, "#%02x%02x%02x", red, green, blue);
  }
}
