package dev.atelier.collab.encoding;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads lib0's encodings from a byte array. Every read is bounds-checked: running out of input
 * raises {@link CollabException} with {@code TRUNCATED}; a length or count larger than the bytes
 * that remain is rejected before anything is allocated for it.
 */
public final class Lib0Reader {

  /** Maximum nesting of arrays and objects in {@link #readAny()}. */
  public static final int MAX_ANY_DEPTH = 100;

  private final byte[] buf;
  private final int end;
  private int pos;

  public Lib0Reader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  public Lib0Reader(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IndexOutOfBoundsException("offset/length outside the array");
    }
    this.buf = bytes;
    this.pos = offset;
    this.end = offset + length;
  }

  public boolean hasRemaining() {
    return pos < end;
  }

  public int remaining() {
    return end - pos;
  }

  public int position() {
    return pos;
  }

  private static CollabException truncated(String what) {
    return new CollabException(ErrorCode.TRUNCATED, "input ended while reading " + what);
  }

  public int readUint8() {
    if (pos >= end) {
      throw truncated("a byte");
    }
    return buf[pos++] & 0xFF;
  }

  /** Reads {@code n} raw bytes (checked against the remaining input). */
  public byte[] readBytes(long n) {
    checkLength(n, "bytes");
    byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) n);
    pos += (int) n;
    return out;
  }

  private void checkLength(long n, String what) {
    if (n < 0 || n > end - pos) {
      throw new CollabException(
          ErrorCode.TRUNCATED,
          "declared length "
              + n
              + " of "
              + what
              + " exceeds the "
              + (end - pos)
              + " bytes that remain");
    }
  }

  /**
   * Reads an unsigned varint.
   *
   * @throws CollabException TRUNCATED at end of input, LIMIT_EXCEEDED above 2^53 - 1
   */
  public long readVarUint() {
    if (pos < end && buf[pos] >= 0) {
      // one-byte values (< 128) are by far the most common
      return buf[pos++];
    }
    long num = 0;
    int shift = 0;
    while (true) {
      if (pos >= end) {
        throw truncated("a varUint");
      }
      int r = buf[pos++] & 0xFF;
      if (shift >= 56 && (r & 0x7F) != 0) {
        throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "varUint exceeds 2^53 - 1");
      }
      if (shift < 56) {
        num |= (long) (r & 0x7F) << shift;
      }
      if (num > Lib0Writer.MAX_SAFE_INTEGER) {
        throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "varUint exceeds 2^53 - 1");
      }
      if (r < 0x80) {
        return num;
      }
      shift += 7;
      if (shift > 70) {
        throw new CollabException(ErrorCode.MALFORMED, "varUint longer than 10 bytes");
      }
    }
  }

  /** Reads a varUint that must fit in a non-negative int (a count or a length). */
  public int readVarUintAsInt(String what) {
    long v = readVarUint();
    if (v > Integer.MAX_VALUE) {
      throw new CollabException(ErrorCode.LIMIT_EXCEEDED, what + " too large: " + v);
    }
    return (int) v;
  }

  /**
   * Reads a signed varint. JavaScript's {@code -0} reads as 0; see {@link
   * #lastVarIntWasNegativeZero}.
   */
  public long readVarInt() {
    if (pos >= end) {
      throw truncated("a varInt");
    }
    int r = buf[pos++] & 0xFF;
    long num = r & 0x3F;
    boolean negative = (r & 0x40) != 0;
    int shift = 6;
    while ((r & 0x80) != 0) {
      if (pos >= end) {
        throw truncated("a varInt");
      }
      r = buf[pos++] & 0xFF;
      if (shift >= 55 && (r & 0x7F) != 0) {
        throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "varInt exceeds 2^53 - 1");
      }
      if (shift < 55) {
        num |= (long) (r & 0x7F) << shift;
      }
      if (num > Lib0Writer.MAX_SAFE_INTEGER) {
        throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "varInt exceeds 2^53 - 1");
      }
      shift += 7;
      if (shift > 70) {
        throw new CollabException(ErrorCode.MALFORMED, "varInt longer than 10 bytes");
      }
    }
    lastNegZero = negative && num == 0;
    return negative ? -num : num;
  }

  private boolean lastNegZero;

  /** Whether the last {@link #readVarInt()} read JavaScript's {@code -0}. */
  public boolean lastVarIntWasNegativeZero() {
    return lastNegZero;
  }

  /** Reads varUint(UTF-8 length) + UTF-8 bytes; the length is checked against the input first. */
  public String readVarString() {
    long n = readVarUint();
    checkLength(n, "a string");
    String s = Utf8.decode(buf, pos, (int) n);
    pos += (int) n;
    return s;
  }

  /** Reads varUint(length) + bytes. */
  public byte[] readVarUint8Array() {
    return readBytes(readVarUint());
  }

  /** Reads a varUint8Array and returns a reader over it without copying. */
  public Lib0Reader readVarUint8ArrayAsReader() {
    long n = readVarUint();
    checkLength(n, "a byte array");
    Lib0Reader sub = new Lib0Reader(buf, pos, (int) n);
    pos += (int) n;
    return sub;
  }

  public float readFloat32() {
    checkLength(4, "a float32");
    int bits = 0;
    for (int i = 0; i < 4; i++) {
      bits = (bits << 8) | (buf[pos++] & 0xFF);
    }
    return Float.intBitsToFloat(bits);
  }

  public double readFloat64() {
    return Double.longBitsToDouble(readBigInt64());
  }

  public long readBigInt64() {
    checkLength(8, "a 64-bit value");
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (buf[pos++] & 0xFF);
    }
    return bits;
  }

  /**
   * Reads a {@code writeAny} value: null, {@link Undefined}, Boolean, String, Integer (tag 125;
   * {@code -0} reads as Double -0.0), Double (float32/float64), BigInteger (bigint64), byte[],
   * {@code List<Object>} or {@code LinkedHashMap<String,Object>}.
   *
   * @throws CollabException MALFORMED for an unknown tag, LIMIT_EXCEEDED beyond {@link
   *     #MAX_ANY_DEPTH} levels of nesting, TRUNCATED at end of input
   */
  public Object readAny() {
    return readAny(0);
  }

  private Object readAny(int depth) {
    int tag = readUint8();
    switch (tag) {
      case 127:
        return Undefined.INSTANCE;
      case 126:
        return null;
      case 125:
        {
          long v = readVarInt();
          if (lastNegZero) {
            return -0.0d;
          }
          if (v > Integer.MAX_VALUE || v < -Integer.MAX_VALUE) {
            // JavaScript would read any safe integer here; keep the value exact.
            return (double) v;
          }
          return (int) v;
        }
      case 124:
        return (double) readFloat32();
      case 123:
        return readFloat64();
      case 122:
        return BigInteger.valueOf(readBigInt64());
      case 121:
        return Boolean.FALSE;
      case 120:
        return Boolean.TRUE;
      case 119:
        return readVarString();
      case 118:
        {
          if (depth >= MAX_ANY_DEPTH) {
            throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "value nested too deeply");
          }
          long n = readVarUint();
          // each entry takes at least two bytes (empty key + tag)
          checkLength(n * 2, "an object");
          Map<String, Object> obj = new LinkedHashMap<>();
          for (long i = 0; i < n; i++) {
            String k = readVarString();
            obj.put(k, readAny(depth + 1));
          }
          return obj;
        }
      case 117:
        {
          if (depth >= MAX_ANY_DEPTH) {
            throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "value nested too deeply");
          }
          long n = readVarUint();
          checkLength(n, "an array");
          List<Object> list = new ArrayList<>((int) n);
          for (long i = 0; i < n; i++) {
            list.add(readAny(depth + 1));
          }
          return list;
        }
      case 116:
        return readVarUint8Array();
      default:
        throw new CollabException(ErrorCode.MALFORMED, "unknown any tag " + tag);
    }
  }
}
