package dev.drover.icons;

import java.net.URL;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The icons rendered from {@code icons/drover.svg} at build time, as class-path resources of this
 * jar: {@code window-<size>.png} for window decorations and {@code tray-<state>-<size>.png} for the
 * tray.
 */
public final class DroverIcons {

  /** Sizes of the window icons, in pixels. */
  public static final List<Integer> WINDOW_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);

  /**
   * Sizes of each tray state variant: the usual tray slots (16, 22, 24) and their HiDPI doubles.
   */
  public static final List<Integer> TRAY_SIZES = List.of(16, 22, 24, 32, 44, 48, 64);

  private DroverIcons() {}

  public static String windowResource(int size) {
    return "window-" + size + ".png";
  }

  public static String trayResource(IconState state, int size) {
    return "tray-" + state.fileName() + "-" + size + ".png";
  }

  /** Every window icon, smallest first. */
  public static List<URL> window() {
    return WINDOW_SIZES.stream().map(size -> resource(windowResource(size))).toList();
  }

  /**
   * The tray variant for {@code state} that best fits a tray slot of {@code slot} pixels: the
   * smallest one at least that large, so the tray scales down (sharp) rather than up (blurred).
   */
  public static URL tray(IconState state, int slot) {
    return resource(trayResource(state, bestTraySize(slot)));
  }

  static int bestTraySize(int slot) {
    return TRAY_SIZES.stream()
        .filter(size -> size >= slot)
        .findFirst()
        .orElse(TRAY_SIZES.stream().max(Comparator.naturalOrder()).orElseThrow());
  }

  private static URL resource(String name) {
    return Objects.requireNonNull(
        DroverIcons.class.getResource(name),
        () ->
            name
                + " is missing from the icons jar; it is generated at build time from icons/drover.svg");
  }

  /** For tests: every resource name the generator must produce. */
  public static List<String> allResourceNames() {
    var tray =
        Arrays.stream(IconState.values())
            .flatMap(state -> TRAY_SIZES.stream().map(size -> trayResource(state, size)));
    return Stream.concat(WINDOW_SIZES.stream().map(DroverIcons::windowResource), tray).toList();
  }
}
