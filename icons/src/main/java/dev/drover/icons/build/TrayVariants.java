package dev.drover.icons.build;

import dev.drover.icons.IconState;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;

/**
 * Turns the drawing into a tray state variant: grey for a stopped engine, and a coloured badge in
 * the bottom-right corner for the others, so the state reads at 16 pixels without relying on the
 * badge alone.
 */
final class TrayVariants {

  static final Color STARTING = new Color(0xBF8700);
  static final Color RUNNING = new Color(0x1A7F37);
  static final Color ERROR = new Color(0xCF222E);

  private TrayVariants() {}

  static BufferedImage variant(BufferedImage drawing, IconState state) {
    return switch (state) {
      case STOPPED -> greyed(drawing);
      case STARTING -> badged(drawing, STARTING);
      case RUNNING -> badged(drawing, RUNNING);
      case ERROR -> badged(drawing, ERROR);
    };
  }

  /** Where the badge's centre lies in an icon of {@code size} pixels, for tests to sample. */
  static int badgeCentre(int size) {
    return Math.round(size - badgeDiameter(size) / 2f);
  }

  private static float badgeDiameter(int size) {
    return size * 0.5f;
  }

  private static BufferedImage greyed(BufferedImage drawing) {
    var out =
        new BufferedImage(drawing.getWidth(), drawing.getHeight(), BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < drawing.getHeight(); y++) {
      for (int x = 0; x < drawing.getWidth(); x++) {
        int argb = drawing.getRGB(x, y);
        int r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;
        // Luma, lifted towards a mid grey so the stopped icon stays visible on dark and light
        // panels.
        int grey = (int) Math.round(0.6 * (0.299 * r + 0.587 * g + 0.114 * b) + 0.4 * 140);
        out.setRGB(x, y, (argb & 0xff000000) | grey << 16 | grey << 8 | grey);
      }
    }
    return out;
  }

  private static BufferedImage badged(BufferedImage drawing, Color colour) {
    int size = drawing.getWidth();
    var out = new BufferedImage(size, drawing.getHeight(), BufferedImage.TYPE_INT_ARGB);
    var g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.drawImage(drawing, 0, 0, null);
      float diameter = badgeDiameter(size);
      float ring = Math.max(1f, size / 16f);
      float x = size - diameter, y = size - diameter;
      // A transparent ring cut around the badge keeps it apart from the drawing at small sizes.
      g.setComposite(AlphaComposite.Clear);
      g.fill(new Ellipse2D.Float(x - ring, y - ring, diameter + 2 * ring, diameter + 2 * ring));
      g.setComposite(AlphaComposite.SrcOver);
      g.setColor(Color.WHITE);
      g.fill(new Ellipse2D.Float(x, y, diameter, diameter));
      g.setColor(colour);
      g.fill(new Ellipse2D.Float(x + ring, y + ring, diameter - 2 * ring, diameter - 2 * ring));
    } finally {
      g.dispose();
    }
    return out;
  }
}
