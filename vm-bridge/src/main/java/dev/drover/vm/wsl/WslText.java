package dev.drover.vm.wsl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes what wsl.exe prints. Its own messages and lists are UTF-16LE without a byte-order mark
 * (it sets its CRT to {@code _O_U16TEXT}, so every line ends in CR LF), while what a Linux command
 * inside the distribution prints passes through as UTF-8; a wsl.exe with WSL_UTF8=1 in its
 * environment prints UTF-8 too. So the encoding is told from the bytes: UTF-16 text of wsl.exe's
 * always holds a zero byte (at the least in its CR LF), UTF-8 text never. Counting zero bytes would
 * not do: a Chinese or Japanese message has almost none.
 */
public final class WslText {

  private WslText() {}

  public static String decode(byte[] bytes) {
    String text;
    if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
      text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
    } else if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    } else if (hasZeroByte(bytes) || !isUtf8(bytes) && bytes.length % 2 == 0) {
      text = new String(bytes, StandardCharsets.UTF_16LE);
    } else {
      text = new String(bytes, StandardCharsets.UTF_8);
    }
    // a stray NUL from a UTF-16 message cut at an odd byte, and Windows line ends
    return text.replace("\u0000", "").replace("\r\n", "\n").replace('\r', '\n');
  }

  private static boolean hasZeroByte(byte[] bytes) {
    for (var b : bytes) {
      if (b == 0) return true;
    }
    return false;
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
