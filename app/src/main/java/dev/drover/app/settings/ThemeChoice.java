package dev.drover.app.settings;

import java.util.Locale;
import java.util.Optional;

/** The user's theme preference. */
public enum ThemeChoice {
  /** Follow the operating system's light/dark preference, including changes while the app runs. */
  SYSTEM,
  LIGHT,
  DARK;

  /**
   * Lenient parse for hand-edited settings files: case and surrounding blanks are forgiven so that
   * {@code "dark"} works, and anything else is reported as empty rather than thrown, because one
   * bad value must not cost the user the rest of their settings.
   */
  public static Optional<ThemeChoice> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String wanted = text.strip().toUpperCase(Locale.ROOT);
    for (ThemeChoice choice : values()) {
      if (choice.name().equals(wanted)) {
        return Optional.of(choice);
      }
    }
    return Optional.empty();
  }
}
