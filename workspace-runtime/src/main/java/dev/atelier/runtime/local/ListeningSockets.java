package dev.atelier.runtime.local;

import dev.atelier.runtime.internal.ProcNetAddress;
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
                ProcNetAddress.format(local[0]),
                Integer.parseInt(local[1], 16),
                Long.parseLong(fields[9])));
      } catch (RuntimeException e) {
        // a malformed line is skipped rather than failing the whole listing
      }
    }
    return entries;
  }
}
