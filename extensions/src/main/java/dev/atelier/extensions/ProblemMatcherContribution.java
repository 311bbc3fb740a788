package dev.atelier.extensions;

import java.util.Objects;
import java.util.Optional;

/**
 * A problem matcher: reads the output of task runs line by line and reports problems for the
 * Problems panel (like VS Code's {@code problemMatchers}). The factory makes one matcher per run,
 * so a matcher may keep state between lines (multi-line formats such as tracebacks).
 *
 * @param id unique identifier, e.g. {@code gcc}
 * @param factory creates a matcher for one run
 */
public record ProblemMatcherContribution(String id, Factory factory) {

  public ProblemMatcherContribution {
    Ids.id("problem matcher id", id);
    Objects.requireNonNull(factory, "factory");
  }

  /** Creates the matcher of one run. */
  @FunctionalInterface
  public interface Factory {

    /**
     * @param paths turns the paths tools print into workspace-relative paths (empty for paths
     *     outside the workspace: they have no file to open)
     */
    Matcher create(PathResolver paths);
  }

  /**
   * Reads one run's output. Lines arrive without ANSI escapes, carriage returns or trailing blanks,
   * on one thread. A matcher that throws is dropped for the rest of the run.
   */
  public interface Matcher {

    void line(String line, ProblemSink report);

    /** The output ended: report what is still pending. */
    default void end(ProblemSink report) {}
  }

  /** Where a matcher reports. */
  @FunctionalInterface
  public interface ProblemSink {

    void report(MatchedProblem problem);
  }

  /** Maps printed paths to workspace-relative ones. */
  @FunctionalInterface
  public interface PathResolver {

    Optional<String> relativize(String printed);
  }

  /** How bad a problem is. */
  public enum Severity {
    ERROR,
    WARNING,
    INFO
  }

  /**
   * A problem found in output.
   *
   * @param path workspace-relative path
   * @param line 1-based line
   * @param column 1-based column, 0 when unknown
   * @param severity how bad
   * @param message one line
   * @param source the tool that printed it, e.g. {@code gcc}
   */
  public record MatchedProblem(
      String path, int line, int column, Severity severity, String message, String source) {

    public MatchedProblem {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(source, "source");
      if (line < 1 || column < 0) {
        throw new IllegalArgumentException("line must be >= 1 and column >= 0");
      }
    }
  }
}
