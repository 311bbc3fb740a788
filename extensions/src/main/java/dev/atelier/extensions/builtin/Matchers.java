package dev.atelier.extensions.builtin;

import dev.atelier.extensions.ProblemMatcherContribution.MatchedProblem;
import dev.atelier.extensions.ProblemMatcherContribution.PathResolver;
import dev.atelier.extensions.ProblemMatcherContribution.ProblemSink;
import dev.atelier.extensions.ProblemMatcherContribution.Severity;
import java.util.Locale;

/** What the built-in problem matchers share. */
final class Matchers {

  private Matchers() {}

  static Severity severity(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "error", "fatal error" -> Severity.ERROR;
      case "warning" -> Severity.WARNING;
      default -> Severity.INFO;
    };
  }

  /** Reports a one-line diagnostic when its file is inside the workspace. */
  static void emit(
      PathResolver paths,
      String file,
      String line,
      String column,
      Severity severity,
      String message,
      String source,
      ProblemSink report) {
    paths
        .relativize(file)
        .ifPresent(
            path ->
                report.report(
                    new MatchedProblem(
                        path,
                        Integer.parseInt(line),
                        Integer.parseInt(column),
                        severity,
                        message.strip(),
                        source)));
  }
}
