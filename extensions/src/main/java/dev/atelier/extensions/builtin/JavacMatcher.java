package dev.atelier.extensions.builtin;

import dev.atelier.extensions.ProblemMatcherContribution.MatchedProblem;
import dev.atelier.extensions.ProblemMatcherContribution.Matcher;
import dev.atelier.extensions.ProblemMatcherContribution.PathResolver;
import dev.atelier.extensions.ProblemMatcherContribution.ProblemSink;
import java.util.regex.Pattern;

/**
 * Maven's {@code [ERROR] /abs/File.java:[12,5] msg} and javac's {@code File.java:3: error: msg}
 * (its column comes from the caret line javac prints two lines below).
 */
final class JavacMatcher implements Matcher {

  private static final Pattern MAVEN =
      Pattern.compile(
          "^\\[(ERROR|WARNING)\\]\\s+(.+?\\.java):\\[(\\d{1,9}),(\\d{1,9})\\]\\s+(.+)$");
  private static final Pattern JAVAC =
      Pattern.compile("^(.+?\\.java):(\\d{1,9}):\\s+(error|warning):\\s+(.+)$");
  private static final Pattern CARET = Pattern.compile("^(\\s*)\\^\\s*$");

  private final PathResolver paths;

  /** A javac problem waiting for its caret line (javac prints no column otherwise). */
  private MatchedProblem pending;

  private int linesSincePending;

  JavacMatcher(PathResolver paths) {
    this.paths = paths;
  }

  @Override
  public void line(String line, ProblemSink report) {
    if (pending != null) {
      java.util.regex.Matcher caret = CARET.matcher(line);
      if (caret.matches()) {
        MatchedProblem p = pending;
        report.report(
            new MatchedProblem(
                p.path(),
                p.line(),
                caret.group(1).length() + 1,
                p.severity(),
                p.message(),
                p.source()));
        pending = null;
        return;
      }
      if (++linesSincePending > 2) {
        end(report);
      }
    }
    java.util.regex.Matcher m;
    if ((m = MAVEN.matcher(line)).matches()) {
      Matchers.emit(
          paths,
          m.group(2),
          m.group(3),
          m.group(4),
          Matchers.severity(m.group(1)),
          m.group(5),
          "javac",
          report);
    } else if ((m = JAVAC.matcher(line)).matches()) {
      end(report);
      java.util.regex.Matcher javac = m;
      paths
          .relativize(javac.group(1))
          .ifPresent(
              path -> {
                pending =
                    new MatchedProblem(
                        path,
                        Integer.parseInt(javac.group(2)),
                        0,
                        Matchers.severity(javac.group(3)),
                        javac.group(4).strip(),
                        "javac");
                linesSincePending = 0;
              });
    }
  }

  @Override
  public void end(ProblemSink report) {
    if (pending != null) {
      report.report(pending);
      pending = null;
    }
  }
}
