package dev.atelier.extensions.builtin;

import dev.atelier.extensions.ProblemMatcherContribution.MatchedProblem;
import dev.atelier.extensions.ProblemMatcherContribution.Matcher;
import dev.atelier.extensions.ProblemMatcherContribution.PathResolver;
import dev.atelier.extensions.ProblemMatcherContribution.ProblemSink;
import dev.atelier.extensions.ProblemMatcherContribution.Severity;
import java.util.regex.Pattern;

/**
 * Python tracebacks: after {@code Traceback (most recent call last):} come frames ({@code File
 * "x.py", line 3, in f}, each followed by source and marker lines) and then the exception line
 * ({@code NameError: name 'y' is not defined}). The problem is reported at the innermost frame
 * inside the workspace, with the exception line as its message. A {@code SyntaxError} has no
 * header, only one {@code File "x.py", line 3} frame.
 */
final class PythonTracebackMatcher implements Matcher {

  private static final String HEADER = "Traceback (most recent call last):";
  private static final Pattern FRAME =
      Pattern.compile("^\\s+File \"(.+)\", line (\\d{1,9})(?:, in .+)?$");

  private final PathResolver paths;
  private boolean inTraceback;
  private String framePath;
  private int frameLine;

  PythonTracebackMatcher(PathResolver paths) {
    this.paths = paths;
  }

  @Override
  public void line(String line, ProblemSink report) {
    if (line.equals(HEADER)) {
      inTraceback = true;
      framePath = null;
      return;
    }
    java.util.regex.Matcher frame = FRAME.matcher(line);
    if (frame.matches()) {
      // A frame outside a traceback starts a SyntaxError report.
      inTraceback = true;
      paths
          .relativize(frame.group(1))
          .ifPresent(
              path -> {
                framePath = path;
                frameLine = Integer.parseInt(frame.group(2));
              });
      return;
    }
    if (!inTraceback || line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
      return;
    }
    // The first unindented line after the frames is the exception.
    inTraceback = false;
    if (framePath != null) {
      report.report(
          new MatchedProblem(framePath, frameLine, 0, Severity.ERROR, line.strip(), "python"));
    }
    framePath = null;
  }
}
