package dev.atelier.extensions.builtin;

import dev.atelier.extensions.ProblemMatcherContribution.Matcher;
import dev.atelier.extensions.ProblemMatcherContribution.PathResolver;
import dev.atelier.extensions.ProblemMatcherContribution.ProblemSink;
import java.util.regex.Pattern;

/** tsc's {@code src/a.ts(3,5): error TS2304: msg} and {@code src/a.ts:3:5 - error TS2304: msg}. */
final class TscMatcher implements Matcher {

  private static final Pattern PLAIN =
      Pattern.compile(
          "^(.+?)\\((\\d{1,9}),(\\d{1,9})\\):\\s+(error|warning)\\s+(TS\\d+):\\s*(.+)$");
  private static final Pattern PRETTY =
      Pattern.compile("^(.+?):(\\d{1,9}):(\\d{1,9})\\s+-\\s+(error|warning)\\s+(TS\\d+):\\s*(.+)$");

  private final PathResolver paths;

  TscMatcher(PathResolver paths) {
    this.paths = paths;
  }

  @Override
  public void line(String line, ProblemSink report) {
    java.util.regex.Matcher m;
    if ((m = PLAIN.matcher(line)).matches() || (m = PRETTY.matcher(line)).matches()) {
      Matchers.emit(
          paths,
          m.group(1),
          m.group(2),
          m.group(3),
          Matchers.severity(m.group(4)),
          m.group(5) + ": " + m.group(6),
          "tsc",
          report);
    }
  }
}
