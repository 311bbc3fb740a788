package dev.atelier.runtime.local;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where a running workspace's processes execute: a bubblewrap sandbox, or plainly on the host. */
interface WorkspaceSandbox {

  /** The workspace root as the workspace's processes see it ({@code /workspace} in the sandbox). */
  String workspacePath();

  /**
   * The argument vector that runs {@code command} in the sandbox, in {@code cwd} (relative to the
   * workspace root, "" for the root), in a session of its own unless it gets a PTY (the PTY
   * allocator makes it a session leader already).
   */
  List<String> wrap(List<String> command, String cwd, boolean pty);

  /** Environment every process gets before the stack's and the request's variables. */
  Map<String, String> defaultEnv(boolean pty);

  /** Host pids of the processes the sandbox itself knows about (its PID namespace), else empty. */
  Set<Long> pids();

  boolean isAlive();

  /**
   * A process in the sandbox's own network namespace (whose {@code /proc/<pid>/net} shows only the
   * workspace's sockets), or empty when the sandbox shares the host's network.
   */
  default java.util.Optional<Long> networkNamespacePid() {
    return java.util.Optional.empty();
  }

  /** Kills everything in the sandbox and releases what it holds. Idempotent. */
  void kill();

  /** Defaults shared by both kinds of sandbox. */
  static Map<String, String> baseEnv(String home, boolean pty) {
    java.util.LinkedHashMap<String, String> env = new java.util.LinkedHashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", home);
    env.put("LANG", "C.UTF-8");
    env.put("SHELL", "/bin/bash");
    if (pty) {
      env.put("TERM", "xterm-256color");
      env.put("COLORTERM", "truecolor");
    }
    return env;
  }
}
