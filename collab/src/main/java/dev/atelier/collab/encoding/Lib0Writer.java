package dev.atelier.collab.encoding;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Growable byte buffer writing lib0's encodings: varUint, varInt, varString (UTF-8, lone surrogates
 * become U+FFFD like a browser's {@code TextEncoder}), varUint8Array, uint8 and {@code writeAny}
 * values. Not thread-safe.
 */
public final class Lib0Writer {

  /** Largest integer a JavaScript number holds exactly (2^53 - 1). */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final long BITS31 = 0x7FFFFFFFL;

  private byte[] buf;
  private int len;

  public Lib0Writer() {
    this(64);
  }

  public Lib0Writer(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    int need = len + extra;
    if (need < 0) {
      throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "encoded output exceeds 2 GiB");
    }
    if (need > buf.length) {
      long grown = Math.max((long) buf.length * 2, need);
      buf = Arrays.copyOf(buf, (int) Math.min(grown, Integer.MAX_VALUE - 8));
    }
  }

  /** Number of bytes written so far. */
  public int length() {
    return len;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  public void writeUint8(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  /** Appends raw bytes without a length prefix. */
  public void writeBytes(byte[] bytes) {
    writeBytes(bytes, 0, bytes.length);
  }

  public void writeBytes(byte[] bytes, int off, int n) {
    ensure(n);
    System.arraycopy(bytes, off, buf, len, n);
    len += n;
  }

  /**
   * Writes an unsigned integer, 7 bits per byte, least significant group first.
   *
   * @throws CollabException INVALID_OPERATION for negative numbers or numbers above 2^53 - 1
   */
  public void writeVarUint(long num) {
    if (num < 0 || num > MAX_SAFE_INTEGER) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION, "varUint out of range [0, 2^53-1]: " + num);
    }
    ensure(8);
    while (num > 0x7F) {
      buf[len++] = (byte) (0x80 | (num & 0x7F));
      num >>>= 7;
    }
    buf[len++] = (byte) num;
  }

  /** Writes a signed integer: first byte continue bit, sign bit and 6 data bits. */
  public void writeVarInt(long num) {
    writeVarInt(num, num < 0);
  }

  /** Writes JavaScript's {@code -0}: zero with the sign bit set. */
  public void writeNegativeZeroVarInt() {
    writeVarInt(0, true);
  }

  private void writeVarInt(long num, boolean negative) {
    long abs = Math.abs(num);
    if (abs > MAX_SAFE_INTEGER || num == Long.MIN_VALUE) {
      throw new CollabException(ErrorCode.INVALID_OPERATION, "varInt out of range: " + num);
    }
    ensure(9);
    buf[len++] = (byte) ((abs > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (abs & 0x3F));
    abs >>>= 6;
    while (abs > 0) {
      buf[len++] = (byte) ((abs > 0x7F ? 0x80 : 0) | (abs & 0x7F));
      abs >>>= 7;
    }
  }

  /** Writes varUint(UTF-8 byte length) followed by the UTF-8 bytes. */
  public void writeVarString(String s) {
    int n = Utf8.encodedLength(s);
    writeVarUint(n);
    ensure(n);
    len = Utf8.encode(s, buf, len);
  }

  /** Writes varUint(length) followed by the bytes. */
  public void writeVarUint8Array(byte[] bytes) {
    writeVarUint(bytes.length);
    writeBytes(bytes);
  }

  public void writeFloat32(float f) {
    int bits = Float.floatToRawIntBits(f);
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buf[len++] = (byte) (bits >>> shift);
    }
  }

  public void writeFloat64(double d) {
    long bits = Double.doubleToRawLongBits(d);
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[len++] = (byte) (bits >>> shift);
    }
  }

  public void writeBigInt64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[len++] = (byte) (v >>> shift);
    }
  }

  /**
   * Writes a value with lib0's {@code writeAny} tags. Accepted: {@code null}, {@link Undefined},
   * Boolean, String, any {@link Number} (encoded by value the way JavaScript numbers are: integers
   * with |n| &lt;= 2^31-1 as varInt, else float32 when exact, else float64; {@link BigInteger} as
   * bigint64), {@code byte[]}, {@link List} or {@code Object[]}, and {@link Map} with String keys
   * (written in JavaScript's property order: array-index keys ascending, then insertion order).
   *
   * @throws CollabException INVALID_OPERATION for any other type
   */
  public void writeAny(Object value) {
    if (value == null) {
      writeUint8(126);
    } else if (value instanceof String s) {
      writeUint8(119);
      writeVarString(s);
    } else if (value instanceof Boolean b) {
      writeUint8(b ? 120 : 121);
    } else if (value instanceof BigInteger big) {
      if (big.bitLength() > 63) {
        throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "bigint does not fit in 64 bits");
      }
      writeUint8(122);
      writeBigInt64(big.longValue());
    } else if (value instanceof Number n) {
      writeNumber(n);
    } else if (value instanceof byte[] bytes) {
      writeUint8(116);
      writeVarUint8Array(bytes);
    } else if (value instanceof List<?> list) {
      writeUint8(117);
      writeVarUint(list.size());
      for (Object o : list) {
        writeAny(o);
      }
    } else if (value instanceof Object[] arr) {
      writeAny(Arrays.asList(arr));
    } else if (value instanceof Map<?, ?> map) {
      writeUint8(118);
      List<String> keys = JsKeys.order(map);
      writeVarUint(keys.size());
      for (String k : keys) {
        writeVarString(k);
        writeAny(map.get(k));
      }
    } else if (value == Undefined.INSTANCE) {
      writeUint8(127);
    } else {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION,
          "cannot encode a value of type "
              + value.getClass().getName()
              + "; use null, Boolean, Number, String, byte[], List or Map");
    }
  }

  private void writeNumber(Number n) {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof Long) {
      long l = n.longValue();
      if (Math.abs(l) <= BITS31) {
        writeUint8(125);
        writeVarInt(l);
        return;
      }
    }
    double d = n.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) <= BITS31) {
      writeUint8(125);
      if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
        writeNegativeZeroVarInt();
      } else {
        writeVarInt((long) d);
      }
    } else if ((double) (float) d == d) {
      writeUint8(124);
      writeFloat32((float) d);
    } else {
      writeUint8(123);
      writeFloat64(d);
    }
  }
}
