package dev.atelier.runtime.internal;

/**
 * Addresses of {@code /proc/net/tcp} and {@code /proc/net/tcp6}, shared by the runtimes that read
 * those tables (locally from the host's /proc, in a pod through exec).
 */
public final class ProcNetAddress {

  private ProcNetAddress() {}

  /**
   * Formats a hex address as the kernel writes it: 32-bit words in host (little-endian) order, 8
   * hex digits for IPv4, 32 for IPv6.
   */
  public static String format(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return bytes.length == 4 ? dotted(bytes, 0) : ipv6(bytes);
  }

  private static String dotted(byte[] bytes, int from) {
    return (bytes[from] & 0xff)
        + "."
        + (bytes[from + 1] & 0xff)
        + "."
        + (bytes[from + 2] & 0xff)
        + "."
        + (bytes[from + 3] & 0xff);
  }

  /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as {@code ::}. */
  private static String ipv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    if (groups[0] == 0
        && groups[1] == 0
        && groups[2] == 0
        && groups[3] == 0
        && groups[4] == 0
        && groups[5] == 0xffff) {
      return "::ffff:" + dotted(bytes, 12);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && groups[i] == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
