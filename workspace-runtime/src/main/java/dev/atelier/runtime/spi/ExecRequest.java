package dev.atelier.runtime.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run inside a workspace.
 *
 * @param command the argument vector (no shell unless the caller puts one there)
 * @param env extra environment, on top of the stack's {@code containerEnv}
 * @param cwd working directory relative to {@code /workspace}; {@code null} or empty for the root
 * @param pty the initial terminal size to run in a PTY, or {@code null} for plain pipes
 */
public record ExecRequest(List<String> command, Map<String, String> env, String cwd, PtySize pty) {
  public ExecRequest {
    Objects.requireNonNull(command, "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    command = List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  public static ExecRequest of(String... command) {
    return new ExecRequest(List.of(command), Map.of(), null, null);
  }

  /** A PTY size in character cells. */
  public record PtySize(int columns, int rows) {}
}
