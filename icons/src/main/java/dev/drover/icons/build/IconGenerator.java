package dev.drover.icons.build;

import dev.drover.icons.DroverIcons;
import dev.drover.icons.IconState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Renders {@code drover.svg} into everything the app and the installers use. Run by the build
 * (icons/pom.xml) with: the SVG, the folder for the app's PNGs (window and tray variants, in the
 * icons jar), and the folder for the installers' icons: {@code drover.png} (Linux), {@code
 * drover.ico} (Windows), {@code drover.icns} (macOS).
 */
public final class IconGenerator {

  static final List<Integer> ICO_SIZES = List.of(16, 24, 32, 48, 64, 128, 256);
  static final List<Integer> ICNS_SIZES = List.of(16, 32, 64, 128, 256, 512, 1024);
  static final int LINUX_PNG_SIZE = 256;

  private final SvgRenderer renderer;

  IconGenerator(Path svg) {
    this.renderer = new SvgRenderer(svg);
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println(
          "usage: IconGenerator <drover.svg> <app icon folder> <installer icon folder>");
      System.exit(2);
    }
    var generator = new IconGenerator(Path.of(args[0]));
    var appFiles = generator.writeAppIcons(Path.of(args[1]));
    var osFiles = generator.writeInstallerIcons(Path.of(args[2]));
    System.out.println(
        "[icons] "
            + appFiles
            + " app icons in "
            + args[1]
            + ", "
            + osFiles
            + " installer icons in "
            + args[2]);
  }

  /** Window PNGs and the tray state variants; returns how many files were written. */
  int writeAppIcons(Path folder) throws IOException {
    Files.createDirectories(folder);
    int written = 0;
    for (int size : DroverIcons.WINDOW_SIZES) {
      Files.write(folder.resolve(DroverIcons.windowResource(size)), png(renderer.render(size)));
      written++;
    }
    for (int size : DroverIcons.TRAY_SIZES) {
      var drawing = renderer.render(size);
      for (var state : IconState.values()) {
        Files.write(
            folder.resolve(DroverIcons.trayResource(state, size)),
            png(TrayVariants.variant(drawing, state)));
        written++;
      }
    }
    return written;
  }

  /** drover.png, drover.ico and drover.icns; returns how many files were written. */
  int writeInstallerIcons(Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve("drover.png"), png(renderer.render(LINUX_PNG_SIZE)));
    Files.write(folder.resolve("drover.ico"), IconContainers.ico(pngs(ICO_SIZES)));
    Files.write(folder.resolve("drover.icns"), IconContainers.icns(pngs(ICNS_SIZES)));
    return 3;
  }

  private List<IconContainers.Png> pngs(List<Integer> sizes) {
    return sizes.stream()
        .map(size -> new IconContainers.Png(size, png(renderer.render(size))))
        .toList();
  }

  static byte[] png(BufferedImage image) {
    var out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out))
        throw new IllegalStateException("no PNG writer in this JDK");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
