package dev.drover.icons.build;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Renders the source drawing at any square size, antialiased, on a transparent background. */
final class SvgRenderer {

  private final SVGDocument document;

  SvgRenderer(Path svg) {
    try {
      this.document = new SVGLoader().load(svg.toUri().toURL());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (document == null)
      throw new IllegalArgumentException(svg + " is not an SVG drawing jsvg can read");
  }

  BufferedImage render(int size) {
    var image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    var g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      document.render(null, g, new ViewBox(0, 0, size, size));
    } finally {
      g.dispose();
    }
    return image;
  }
}
