package dev.drover.icons.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes Windows {@code .ico} and macOS {@code .icns} files holding PNG images, which both formats
 * accept (ICO since Windows Vista, ICNS since OS X 10.7). No library is needed for either: each is
 * a small table of contents followed by the PNG bytes.
 */
final class IconContainers {

  /** The ICNS type code for each PNG size macOS looks for (ic07..ic10 and their small siblings). */
  static final Map<Integer, String> ICNS_TYPES =
      Map.of(
          16, "icp4", 32, "icp5", 64, "icp6", 128, "ic07", 256, "ic08", 512, "ic09", 1024, "ic10");

  private IconContainers() {}

  /** A PNG image and its square size in pixels. */
  record Png(int size, byte[] bytes) {}

  static byte[] ico(List<Png> images) {
    int headerSize = 6, entrySize = 16;
    var header =
        ByteBuffer.allocate(headerSize + entrySize * images.size()).order(ByteOrder.LITTLE_ENDIAN);
    header.putShort((short) 0).putShort((short) 1).putShort((short) images.size());
    int offset = header.capacity();
    for (var png : images) {
      if (png.size() > 256)
        throw new IllegalArgumentException("an ICO image is at most 256 pixels, not " + png.size());
      byte side = (byte) (png.size() == 256 ? 0 : png.size()); // 0 means 256
      header.put(side).put(side).put((byte) 0).put((byte) 0);
      header.putShort((short) 1).putShort((short) 32);
      header.putInt(png.bytes().length).putInt(offset);
      offset += png.bytes().length;
    }
    var out = new ByteArrayOutputStream(offset);
    out.writeBytes(header.array());
    images.forEach(png -> out.writeBytes(png.bytes()));
    return out.toByteArray();
  }

  static byte[] icns(List<Png> images) throws IOException {
    var body = new ByteArrayOutputStream();
    for (var png : images) {
      var type = ICNS_TYPES.get(png.size());
      if (type == null)
        throw new IllegalArgumentException("ICNS has no PNG slot for " + png.size() + " pixels");
      body.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(ByteBuffer.allocate(4).putInt(8 + png.bytes().length).array());
      body.writeBytes(png.bytes());
    }
    var out = new ByteArrayOutputStream(8 + body.size());
    out.writeBytes("icns".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(ByteBuffer.allocate(4).putInt(8 + body.size()).array());
    body.writeTo(out);
    return out.toByteArray();
  }
}
