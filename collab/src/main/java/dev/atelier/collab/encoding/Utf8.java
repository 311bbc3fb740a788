package dev.atelier.collab.encoding;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;

/**
 * UTF-8 with the browser's rules: encoding turns an unpaired surrogate into U+FFFD (Java's own
 * encoder would write '?', which would change the bytes), decoding is strict (invalid input is an
 * error, as with lib0's fatal {@code TextDecoder}) and keeps a leading BOM.
 */
public final class Utf8 {

  private Utf8() {}

  /** Number of bytes {@link #encode} writes for {@code s}. */
  public static int encodedLength(CharSequence s) {
    int n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < len
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Encodes {@code s} into {@code out} at {@code pos}; returns the position after the last byte.
   */
  static int encode(CharSequence s, byte[] out, int pos) {
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[pos++] = (byte) c;
      } else if (c < 0x800) {
        out[pos++] = (byte) (0xC0 | (c >> 6));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < len
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          out[pos++] = (byte) (0xF0 | (cp >> 18));
          out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          out[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          out[pos++] = (byte) 0xEF;
          out[pos++] = (byte) 0xBF;
          out[pos++] = (byte) 0xBD;
        }
      } else {
        out[pos++] = (byte) (0xE0 | (c >> 12));
        out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return pos;
  }

  /** Encodes {@code s} to a new array. */
  public static byte[] encode(CharSequence s) {
    byte[] out = new byte[encodedLength(s)];
    encode(s, out, 0);
    return out;
  }

  /**
   * Strictly decodes {@code n} bytes at {@code off}.
   *
   * @throws CollabException MALFORMED for invalid UTF-8 (overlong forms, surrogates, bad
   *     continuation bytes, truncated sequences, code points above U+10FFFF)
   */
  public static String decode(byte[] in, int off, int n) {
    int ascii = off;
    int stop = off + n;
    while (ascii < stop && in[ascii] >= 0) {
      ascii++;
    }
    if (ascii == stop) {
      // pure ASCII: one copy into a compact Latin-1 string
      return new String(in, off, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    char[] out = new char[n];
    int o = 0;
    int end = off + n;
    int i = off;
    while (i < end) {
      int b = in[i] & 0xFF;
      if (b < 0x80) {
        out[o++] = (char) b;
        i++;
        continue;
      }
      int need;
      int cp;
      int min;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        cp = b & 0x1F;
        min = 0x80;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        cp = b & 0x0F;
        min = 0x800;
      } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        cp = b & 0x07;
        min = 0x10000;
      } else {
        throw malformed(i);
      }
      if (i + need >= end) {
        throw malformed(i);
      }
      for (int k = 1; k <= need; k++) {
        int c = in[i + k] & 0xFF;
        if ((c & 0xC0) != 0x80) {
          throw malformed(i);
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        throw malformed(i);
      }
      if (cp >= 0x10000) {
        out[o++] = Character.highSurrogate(cp);
        out[o++] = Character.lowSurrogate(cp);
      } else {
        out[o++] = (char) cp;
      }
      i += need + 1;
    }
    return new String(out, 0, o);
  }

  private static CollabException malformed(int at) {
    return new CollabException(ErrorCode.MALFORMED, "invalid UTF-8 at byte " + at);
  }
}
