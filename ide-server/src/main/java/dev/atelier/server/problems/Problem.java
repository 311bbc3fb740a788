package dev.atelier.server.problems;

/**
 * One entry of the Problems panel: a compiler error, a failing test's traceback line, a language
 * server diagnostic.
 *
 * @param path workspace-relative file path ({@code src/Main.java}), never absolute
 * @param line 1-based line
 * @param column 1-based column, 0 when unknown
 * @param severity how bad it is
 * @param message what is wrong, one line
 * @param source who reported it ({@code javac}, {@code pylsp}, {@code tsc})
 */
public record Problem(
    String path, int line, int column, Severity severity, String message, String source) {

  /** Severity, worst first (so that sorting by it puts errors on top). */
  public enum Severity {
    ERROR,
    WARNING,
    INFO
  }
}
