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
 * Finds the TCP ports a workspace listens on. A sandboxed workspace has a network namespace of its
 * own: every LISTEN entry of its {@code /proc/<pid>/net/tcp} and {@code tcp6} is its own. Without
 * the sandbox (host network), only the entries whose socket inode one of its processes holds.
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

  /**
   * Every LISTEN socket of a network namespace the workspace has to itself, read through {@code
   * /proc/<nsPid>/net/tcp{,6}} of a process in it (the sandbox's PID 1): each workspace sees its
   * own, and two can listen on the same port. The process name comes from whichever of {@code pids}
   * holds the socket, empty when none does.
   */
  static List<ListeningPort> inNamespace(long nsPid, Collection<Long> pids) {
    List<Entry> entries = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      entries.addAll(parse(Path.of("/proc", Long.toString(nsPid), "net", table)));
    }
    if (entries.isEmpty()) {
      return List.of();
    }
    Map<Long, Long> inodeToPid = new HashMap<>();
    for (long pid : pids) {
      for (long inode : ProcTable.socketInodes(pid)) {
        inodeToPid.putIfAbsent(inode, pid);
      }
    }
    Set<ListeningPort> ports = new LinkedHashSet<>();
    for (Entry entry : entries) {
      Long pid = inodeToPid.get(entry.inode());
      ports.add(
          new ListeningPort(entry.port(), entry.address(), pid == null ? "" : ProcTable.comm(pid)));
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
