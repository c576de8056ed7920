package dev.drover.icons;

import java.util.Locale;

/** The engine states the tray icon tells apart, each a variant of the one drawing. */
public enum IconState {
  /** No engine: the drawing in grey. */
  STOPPED,
  /** The engine is starting or Drover is still connecting: an amber badge. */
  STARTING,
  /** The engine answers: a green badge. */
  RUNNING,
  /** The engine failed or cannot be reached: a red badge. */
  ERROR;

  /** The part of a resource file name that names this state, e.g. {@code tray-running-24.png}. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
