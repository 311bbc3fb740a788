package dev.atelier.server.terminal;

/**
 * The last {@code capacity} bytes a terminal printed, as a ring. A snapshot never starts inside a
 * UTF-8 sequence: the bytes that fell off the front may have cut one, and a replay that began with
 * stray continuation bytes would show replacement characters.
 */
final class Scrollback {

  private final byte[] ring;
  private long written;

  Scrollback(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.ring = new byte[capacity];
  }

  synchronized void append(byte[] data, int offset, int length) {
    if (length >= ring.length) {
      System.arraycopy(data, offset + length - ring.length, ring, 0, ring.length);
      written += length;
      // Realign so that the oldest byte sits at index (written % capacity).
      rotateTo((int) (written % ring.length));
      return;
    }
    int start = (int) (written % ring.length);
    int first = Math.min(length, ring.length - start);
    System.arraycopy(data, offset, ring, start, first);
    System.arraycopy(data, offset + first, ring, 0, length - first);
    written += length;
  }

  private void rotateTo(int start) {
    if (start == 0) {
      return;
    }
    byte[] copy = ring.clone();
    System.arraycopy(copy, 0, ring, start, ring.length - start);
    System.arraycopy(copy, ring.length - start, ring, 0, start);
  }

  /** Total bytes ever appended (including the ones that fell off). */
  synchronized long written() {
    return written;
  }

  /** The retained bytes, oldest first, starting at a UTF-8 character boundary. */
  synchronized byte[] snapshot() {
    int size = (int) Math.min(written, ring.length);
    byte[] out = new byte[size];
    if (written <= ring.length) {
      System.arraycopy(ring, 0, out, 0, size);
      return out;
    }
    int start = (int) (written % ring.length);
    System.arraycopy(ring, start, out, 0, ring.length - start);
    System.arraycopy(ring, 0, out, ring.length - start, start);
    int skip = 0;
    while (skip < out.length && skip < 3 && (out[skip] & 0xC0) == 0x80) {
      skip++;
    }
    if (skip == 0) {
      return out;
    }
    byte[] trimmed = new byte[out.length - skip];
    System.arraycopy(out, skip, trimmed, 0, trimmed.length);
    return trimmed;
  }
}
