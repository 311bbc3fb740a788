package dev.atelier.runtime.local;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the last bytes of a command's output, so a failing lifecycle command can be reported with
 * what it printed last without holding all of a long build log in memory.
 */
final class OutputTail {

  private final byte[] ring;
  private long written;

  OutputTail(int capacity) {
    this.ring = new byte[capacity];
  }

  synchronized void append(byte[] bytes, int offset, int length) {
    for (int i = 0; i < length; i++) {
      ring[(int) (written++ % ring.length)] = bytes[offset + i];
    }
  }

  /** The kept bytes as text; a partial first line (cut by the ring) is dropped. */
  synchronized String text() {
    int size = (int) Math.min(written, ring.length);
    byte[] out = new byte[size];
    long start = written - size;
    for (int i = 0; i < size; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (written > ring.length) {
      int newline = text.indexOf('\n');
      text = newline >= 0 ? text.substring(newline + 1) : text;
    }
    return text;
  }

  /** The last {@code count} non-empty lines of {@code text}, joined with newlines. */
  static String lastLines(String text, int count) {
    String[] lines = text.strip().split("\r?\n");
    int from = Math.max(0, lines.length - count);
    return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }
}
