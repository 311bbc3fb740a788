package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.ListeningPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the TCP ports a set of processes listens on: LISTEN entries of {@code /proc/<pid>/net/tcp}
 * and {@code tcp6} (the processes' network namespace) whose socket inode one of the processes
 * holds.
 */
final class ListeningSockets {

  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  static List<ListeningPort> of(Collection<Long> pids) {
    Map<Long, Long> inodeToPid = new HashMap<>();
    for (long pid : pids) {
      for (long inode : ProcTable.socketInodes(pid)) {
        inodeToPid.putIfAbsent(inode, pid);
      }
    }
    if (inodeToPid.isEmpty()) {
      return List.of();
    }
    // Every process of a workspace shares one network namespace; read it through one that holds a
    // socket.
    long netPid = inodeToPid.values().iterator().next();
    Set<ListeningPort> ports = new LinkedHashSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (Entry entry : parse(Path.of("/proc", Long.toString(netPid), "net", table))) {
        Long pid = inodeToPid.get(entry.inode());
        if (pid != null) {
          ports.add(new ListeningPort(entry.port(), entry.address(), ProcTable.comm(pid)));
        }
      }
    }
    List<ListeningPort> sorted = new ArrayList<>(ports);
    sorted.sort(Comparator.comparingInt(ListeningPort::port).thenComparing(ListeningPort::address));
    return sorted;
  }

  /** A LISTEN socket of a {@code /proc/net/tcp*} table. */
  record Entry(String address, int port, long inode) {}

  static List<Entry> parse(Path table) {
    List<String> lines;
    try {
      lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return List.of();
    }
    return parseLines(lines);
  }

  /**
   * Parses table lines: {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout
   * inode …}, the first line being the header.
   */
  static List<Entry> parseLines(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] fields = lines.get(i).trim().split("\\s+");
      if (fields.length < 10 || !LISTEN.equals(fields[3])) {
        continue;
      }
      String[] local = fields[1].split(":");
      try {
        entries.add(
            new Entry(
                address(local[0]), Integer.parseInt(local[1], 16), Long.parseLong(fields[9])));
      } catch (RuntimeException e) {
        // a malformed line is skipped rather than failing the whole listing
      }
    }
    return entries;
  }

  /**
   * Formats a hex address as the kernel writes it: 32-bit words in host (little-endian) order, 8
   * hex digits for IPv4, 32 for IPv6.
   */
  static String address(String hex) {
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
