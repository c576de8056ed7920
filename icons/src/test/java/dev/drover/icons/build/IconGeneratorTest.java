package dev.drover.icons.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.icons.DroverIcons;
import dev.drover.icons.IconState;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IconGeneratorTest {

  @TempDir static Path out;

  @BeforeAll
  static void generate() throws IOException {
    var generator = new IconGenerator(Path.of("drover.svg"));
    generator.writeAppIcons(out.resolve("app"));
    generator.writeInstallerIcons(out.resolve("os"));
  }

  @Test
  void everyIconTheAppLoadsIsRenderedAtItsSize() throws IOException {
    for (var name : DroverIcons.allResourceNames()) {
      var image = ImageIO.read(out.resolve("app").resolve(name).toFile());
      int size = Integer.parseInt(name.replaceAll("\\D+(\\d+)\\.png", "$1"));
      assertThat(image.getWidth()).as(name).isEqualTo(size);
      assertThat(image.getHeight()).as(name).isEqualTo(size);
    }
  }

  @Test
  void windowIconShowsTheDrawingOnATransparentCorner() throws IOException {
    var icon = ImageIO.read(out.resolve("app").resolve("window-256.png").toFile());
    assertThat(new Color(icon.getRGB(0, 0), true).getAlpha()).as("rounded corner").isZero();
    assertThat(icon.getRGB(128, 40) & 0xffffff)
        .as("the blue field of drover.svg")
        .isEqualTo(0x0969da);
  }

  @Test
  void trayVariantsTellTheEngineStateApartByColour() throws IOException {
    int size = 48, centre = TrayVariants.badgeCentre(size);
    assertThat(pixel(IconState.RUNNING, size, centre)).isEqualTo(TrayVariants.RUNNING);
    assertThat(pixel(IconState.STARTING, size, centre)).isEqualTo(TrayVariants.STARTING);
    assertThat(pixel(IconState.ERROR, size, centre)).isEqualTo(TrayVariants.ERROR);
    var stopped =
        ImageIO.read(
            out.resolve("app").resolve(DroverIcons.trayResource(IconState.STOPPED, size)).toFile());
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        var c = new Color(stopped.getRGB(x, y), true);
        if (c.getAlpha() == 0) continue;
        assertThat(c.getRed())
            .as("stopped is grey at %d,%d", x, y)
            .isEqualTo(c.getGreen())
            .isEqualTo(c.getBlue());
      }
    }
  }

  @Test
  void icoHoldsEverySizeAsAPng() throws IOException {
    var ico =
        ByteBuffer.wrap(Files.readAllBytes(out.resolve("os/drover.ico")))
            .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(ico.getShort(0)).isZero();
    assertThat(ico.getShort(2)).as("type icon").isEqualTo((short) 1);
    int count = ico.getShort(4);
    assertThat(count).isEqualTo(IconGenerator.ICO_SIZES.size());
    var sizes = new ArrayList<Integer>();
    for (int i = 0; i < count; i++) {
      int entry = 6 + 16 * i;
      int side = Byte.toUnsignedInt(ico.get(entry));
      int length = ico.getInt(entry + 8), offset = ico.getInt(entry + 12);
      var png = decode(Arrays.copyOfRange(ico.array(), offset, offset + length));
      assertThat(png.getWidth()).isEqualTo(side == 0 ? 256 : side);
      sizes.add(png.getWidth());
    }
    assertThat(sizes).containsExactlyElementsOf(IconGenerator.ICO_SIZES);
  }

  @Test
  void icnsHoldsEverySizeUnderItsTypeCode() throws IOException {
    var bytes = Files.readAllBytes(out.resolve("os/drover.icns"));
    var icns = ByteBuffer.wrap(bytes);
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("icns");
    assertThat(icns.getInt(4)).as("total length").isEqualTo(bytes.length);
    Map<String, Integer> found = new LinkedHashMap<>();
    for (int at = 8; at < bytes.length; ) {
      var type = new String(bytes, at, 4, StandardCharsets.US_ASCII);
      int length = icns.getInt(at + 4);
      found.put(type, decode(Arrays.copyOfRange(bytes, at + 8, at + length)).getWidth());
      at += length;
    }
    var expected = new LinkedHashMap<String, Integer>();
    IconGenerator.ICNS_SIZES.forEach(
        size -> expected.put(IconContainers.ICNS_TYPES.get(size), size));
    assertThat(found).containsExactlyEntriesOf(expected);
  }

  @Test
  void linuxIconIsA256PixelPng() throws IOException {
    assertThat(ImageIO.read(out.resolve("os/drover.png").toFile()).getWidth()).isEqualTo(256);
  }

  private static Color pixel(IconState state, int size, int at) throws IOException {
    var image =
        ImageIO.read(out.resolve("app").resolve(DroverIcons.trayResource(state, size)).toFile());
    return new Color(image.getRGB(at, at));
  }

  private static BufferedImage decode(byte[] png) throws IOException {
    var image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).as("a PNG").isNotNull();
    return image;
  }
}
