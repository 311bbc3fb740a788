package dev.atelier.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds and kills what an exec started, read from {@code /proc}: every process of its session and
 * process group, their descendants, and every process whose environment carries the exec's marker
 * ({@link #MARKER}) — which is how a child that detached itself ({@code setsid}, a double fork,
 * {@code nohup … &}) is still found. Never the agent itself, never PID 1.
 */
final class ProcessTree {

  /** The variable every exec's processes inherit: {@code <scope>.<agent>.<exec>}. */
  static final String MARKER = "ATELIER_EXEC";

  private static final Path PROC = Path.of("/proc");
  private static final long SELF = ProcessHandle.current().pid();

  private ProcessTree() {}

  /** One line of {@code /proc/<pid>/stat}. */
  record Entry(int pid, int ppid, int group, int session, boolean zombie) {}

  /**
   * Kills the processes of an exec: {@code leader}'s session and group (0 for none), their
   * descendants and what carries {@code marker}. Stops them first so none forks away meanwhile;
   * repeats until none is left (at most a second).
   */
  static void kill(int leader, String marker) {
    kill(
        entry -> entry.session() == leader || entry.group() == leader || entry.pid() == leader,
        value -> value.equals(marker));
  }

  /** Kills the processes of execs of earlier agents of the same workspace ({@code scope}). */
  static void killOrphans(String scope, String agent) {
    String prefix = scope + ".";
    kill(
        entry -> false,
        value -> value.startsWith(prefix) && !value.startsWith(prefix + agent + "."));
  }

  private static void kill(Predicate<Entry> member, Predicate<String> marked) {
    for (int round = 0; round < 50; round++) {
      List<Integer> targets = find(member, marked);
      if (targets.isEmpty()) {
        return;
      }
      for (int pid : targets) {
        Posix.kill(pid, Posix.SIGSTOP);
      }
      for (int pid : targets) {
        Posix.kill(pid, Posix.SIGKILL);
      }
      try {
        Thread.sleep(round < 5 ? 2 : 20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static List<Integer> find(Predicate<Entry> member, Predicate<String> marked) {
    List<Entry> table = table();
    Set<Integer> found = new HashSet<>();
    for (Entry entry : table) {
      if (entry.zombie() || entry.pid() == SELF || entry.pid() == 1) {
        continue;
      }
      if (member.test(entry) || marked.test(marker(entry.pid()))) {
        found.add(entry.pid());
      }
    }
    boolean grew = !found.isEmpty();
    while (grew) {
      grew = false;
      for (Entry entry : table) {
        if (!entry.zombie()
            && entry.pid() != SELF
            && entry.pid() != 1
            && found.contains(entry.ppid())
            && found.add(entry.pid())) {
          grew = true;
        }
      }
    }
    return new ArrayList<>(found);
  }

  /** Every process this agent can see. */
  static List<Entry> table() {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path dir : pids) {
        try {
          String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
          // pid (comm) state ppid pgrp session …: comm may hold spaces and parentheses
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          entries.add(
              new Entry(
                  Integer.parseInt(dir.getFileName().toString()),
                  Integer.parseInt(fields[1]),
                  Integer.parseInt(fields[2]),
                  Integer.parseInt(fields[3]),
                  fields[0].equals("Z") || fields[0].equals("X")));
        } catch (IOException | RuntimeException e) {
          // gone meanwhile, or not ours to read
        }
      }
    } catch (IOException e) {
      // no /proc: nothing to find
    }
    return entries;
  }

  /** The value of {@link #MARKER} in a process's initial environment, or "". */
  private static String marker(int pid) {
    byte[] environ;
    try {
      environ = Files.readAllBytes(PROC.resolve(Integer.toString(pid)).resolve("environ"));
    } catch (IOException | RuntimeException e) {
      return "";
    }
    byte[] name = (MARKER + "=").getBytes(StandardCharsets.US_ASCII);
    int start = 0;
    for (int i = 0; i <= environ.length; i++) {
      if (i == environ.length || environ[i] == 0) {
        if (i - start > name.length && startsWith(environ, start, name)) {
          return new String(
              environ, start + name.length, i - start - name.length, StandardCharsets.ISO_8859_1);
        }
        start = i + 1;
      }
    }
    return "";
  }

  private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
