package dev.drover.vm.wsl;

import java.nio.charset.StandardCharsets;

/**
 * Decodes what wsl.exe prints. Its own messages and lists are UTF-16LE (with a byte-order mark from some
 * versions, without from others), while what a Linux command inside the distribution prints passes through as
 * UTF-8; a wsl.exe with WSL_UTF8=1 in its environment prints UTF-8 too. So the encoding is told from the bytes.
 */
public final class WslText {

    private WslText() {
    }

    public static String decode(byte[] bytes) {
        String text;
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        } else if (looksLikeUtf16Le(bytes)) {
            text = new String(bytes, StandardCharsets.UTF_16LE);
        } else if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        } else {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        // a stray NUL from a UTF-16 message cut at an odd byte, and Windows line ends
        return text.replace("\u0000", "").replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Mostly ASCII text in UTF-16LE has a zero in (nearly) every odd byte. */
    private static boolean looksLikeUtf16Le(byte[] bytes) {
        if (bytes.length < 2) return false;
        int pairs = bytes.length / 2;
        int zeroHigh = 0;
        for (int i = 1; i < bytes.length; i += 2) {
            if (bytes[i] == 0) zeroHigh++;
        }
        return zeroHigh * 10 >= pairs * 7;
    }
}
