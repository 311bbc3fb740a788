package dev.atelier.extensions.builtin;

import dev.atelier.extensions.ProblemMatcherContribution.Matcher;
import dev.atelier.extensions.ProblemMatcherContribution.PathResolver;
import dev.atelier.extensions.ProblemMatcherContribution.ProblemSink;
import java.util.regex.Pattern;

/** gcc's and clang's {@code file.c:3:5: error: msg}. */
final class GccMatcher implements Matcher {

  private static final Pattern GCC =
      Pattern.compile(
          "^(.+?):(\\d{1,9}):(\\d{1,9}):\\s+(fatal error|error|warning|note):\\s+(.+)$");

  private final PathResolver paths;

  GccMatcher(PathResolver paths) {
    this.paths = paths;
  }

  @Override
  public void line(String line, ProblemSink report) {
    java.util.regex.Matcher m = GCC.matcher(line);
    if (m.matches()) {
      Matchers.emit(
          paths,
          m.group(1),
          m.group(2),
          m.group(3),
          Matchers.severity(m.group(4)),
          m.group(5),
          "gcc",
          report);
    }
  }
}
