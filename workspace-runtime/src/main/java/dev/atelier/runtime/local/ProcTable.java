package dev.atelier.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the host's {@code /proc}: namespaces, sessions, names and sockets of processes. */
final class ProcTable {

  private static final Path PROC = Path.of("/proc");

  private ProcTable() {}

  /** Every pid currently in {@code /proc}. */
  static List<Long> allPids() {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return pids;
  }

  /**
   * The namespace a process is in, as its link text (e.g. {@code pid:[4026532181]}), if readable.
   */
  static Optional<String> namespace(long pid, String type) {
    try {
      return Optional.of(Files.readSymbolicLink(PROC.resolve(pid + "/ns/" + type)).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** Pids of every process in the PID namespace identified by {@code nsLink}. */
  static Set<Long> pidsInPidNamespace(String nsLink) {
    Set<Long> pids = new LinkedHashSet<>();
    for (long pid : allPids()) {
      if (namespace(pid, "pid").filter(nsLink::equals).isPresent()) {
        pids.add(pid);
      }
    }
    return pids;
  }

  /** Pids of the processes whose session id is {@code sid} (host view). */
  static Set<Long> sessionMembers(long sid) {
    Set<Long> pids = new LinkedHashSet<>();
    for (long pid : allPids()) {
      if (sessionId(pid) == sid) {
        pids.add(pid);
      }
    }
    return pids;
  }

  /** Session id from {@code /proc/<pid>/stat} (field 6), or -1. */
  static long sessionId(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.UTF_8);
      // The command name (field 2) is in parentheses and may contain spaces: parse after the last
      // ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[3]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Whether a process has exited and waits for its parent to reap it (state {@code Z}). */
  static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.UTF_8);
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return true; // gone: nothing to kill
    }
  }

  /** The short command name of a process, or empty. */
  static String comm(long pid) {
    try {
      return Files.readString(PROC.resolve(pid + "/comm"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Inodes of the sockets a process has open ({@code socket:[inode]} fd links). */
  static Set<Long> socketInodes(long pid) {
    Set<Long> inodes = new LinkedHashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(pid + "/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[") && target.endsWith("]")) {
            inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
          }
        } catch (IOException | NumberFormatException e) {
          // the fd closed while listing
        }
      }
    } catch (IOException e) {
      // the process exited or is not ours
    }
    return inodes;
  }
}
