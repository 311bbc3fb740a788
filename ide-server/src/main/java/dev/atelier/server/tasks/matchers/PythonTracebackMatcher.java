package dev.atelier.server.tasks.matchers;

import dev.atelier.server.problems.Problem;
import dev.atelier.server.problems.Problem.Severity;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python tracebacks: after {@code Traceback (most recent call last):} come frames ({@code File
 * "x.py", line 3, in f}, each followed by source and marker lines) and then the exception line
 * ({@code NameError: name 'y' is not defined}). The problem is reported at the innermost frame
 * inside the workspace, with the exception line as its message. A {@code SyntaxError} has no
 * header, only one {@code File "x.py", line 3} frame.
 */
final class PythonTracebackMatcher implements LineMatcher {

  private static final String HEADER = "Traceback (most recent call last):";
  private static final Pattern FRAME =
      Pattern.compile("^\\s+File \"(.+)\", line (\\d{1,9})(?:, in .+)?$");

  private final WorkspacePaths paths;
  private boolean inTraceback;
  private String framePath;
  private int frameLine;

  PythonTracebackMatcher(WorkspacePaths paths) {
    this.paths = paths;
  }

  @Override
  public void line(String line, Consumer<Problem> report) {
    if (line.equals(HEADER)) {
      inTraceback = true;
      framePath = null;
      return;
    }
    Matcher frame = FRAME.matcher(line);
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
      report.accept(new Problem(framePath, frameLine, 0, Severity.ERROR, line.strip(), "python"));
    }
    framePath = null;
  }
}
