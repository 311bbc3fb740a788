package dev.atelier.runtime.kubernetes;

import dev.atelier.runtime.internal.ProcNetAddress;
import dev.atelier.runtime.spi.ListeningPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the output of {@link PodScripts#PORTS}: the pod's {@code /proc/net/tcp} and {@code tcp6}
 * tables (every process of a pod shares its network namespace), then which process holds which
 * socket inode ({@code ls -l /proc/<pid>/fd}) and the process names ({@code /proc/<pid>/comm}).
 */
final class PortScan {

  private static final String LISTEN = "0A";
  private static final Pattern FD_HEADER = Pattern.compile("^/proc/(\\d+)/fd:$");
  private static final Pattern SOCKET = Pattern.compile("-> socket:\\[(\\d+)]$");
  private static final Pattern COMM_HEADER = Pattern.compile("^==> /proc/(\\d+)/comm <==$");

  private PortScan() {}

  /** The listening ports, one per port and address, ascending by port then address. */
  static List<ListeningPort> parse(String output) {
    List<String[]> sockets = new ArrayList<>();
    Map<Long, Long> inodeToPid = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    String section = "";
    long pid = -1;
    for (String line : output.split("\n")) {
      if (line.startsWith("@")) {
        section = line.trim();
        pid = -1;
        continue;
      }
      switch (section) {
        case "@tcp", "@tcp6" -> {
          String[] fields = line.trim().split("\\s+");
          if (fields.length >= 10 && LISTEN.equals(fields[3]) && fields[1].contains(":")) {
            sockets.add(fields);
          }
        }
        case "@fd" -> {
          Matcher header = FD_HEADER.matcher(line);
          Matcher socket = SOCKET.matcher(line);
          if (header.matches()) {
            pid = Long.parseLong(header.group(1));
          } else if (pid >= 0 && socket.find()) {
            inodeToPid.putIfAbsent(Long.parseLong(socket.group(1)), pid);
          }
        }
        case "@comm" -> {
          Matcher header = COMM_HEADER.matcher(line);
          if (header.matches()) {
            pid = Long.parseLong(header.group(1));
          } else if (pid >= 0 && !line.isEmpty()) {
            names.putIfAbsent(pid, line.trim());
          }
        }
        default -> {
          // lines before the first section marker carry nothing
        }
      }
    }
    Set<ListeningPort> ports = new LinkedHashSet<>();
    for (String[] fields : sockets) {
      try {
        String[] local = fields[1].split(":");
        long inode = Long.parseLong(fields[9]);
        Long owner = inodeToPid.get(inode);
        String process = owner == null ? "" : names.getOrDefault(owner, "");
        ports.add(
            new ListeningPort(
                Integer.parseInt(local[1], 16), ProcNetAddress.format(local[0]), process));
      } catch (RuntimeException e) {
        // a malformed line is skipped rather than failing the whole scan
      }
    }
    List<ListeningPort> sorted = new ArrayList<>(ports);
    sorted.sort(Comparator.comparingInt(ListeningPort::port).thenComparing(ListeningPort::address));
    return sorted;
  }
}
