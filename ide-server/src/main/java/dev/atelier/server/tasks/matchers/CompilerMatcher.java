package dev.atelier.server.tasks.matchers;

import dev.atelier.server.problems.Problem;
import dev.atelier.server.problems.Problem.Severity;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-line diagnostics: Maven's {@code [ERROR] /abs/File.java:[12,5] msg}, javac's {@code
 * File.java:3: error: msg} (its column comes from the caret line javac prints two lines below),
 * gcc/clang's {@code file.c:3:5: error: msg}, and tsc's {@code src/a.ts(3,5): error TS2304: msg}
 * and {@code src/a.ts:3:5 - error TS2304: msg}.
 */
final class CompilerMatcher implements LineMatcher {

  private static final Pattern MAVEN =
      Pattern.compile(
          "^\\[(ERROR|WARNING)\\]\\s+(.+?\\.java):\\[(\\d{1,9}),(\\d{1,9})\\]\\s+(.+)$");
  private static final Pattern JAVAC =
      Pattern.compile("^(.+?\\.java):(\\d{1,9}):\\s+(error|warning):\\s+(.+)$");
  private static final Pattern GCC =
      Pattern.compile(
          "^(.+?):(\\d{1,9}):(\\d{1,9}):\\s+(fatal error|error|warning|note):\\s+(.+)$");
  private static final Pattern TSC_PLAIN =
      Pattern.compile(
          "^(.+?)\\((\\d{1,9}),(\\d{1,9})\\):\\s+(error|warning)\\s+(TS\\d+):\\s*(.+)$");
  private static final Pattern TSC_PRETTY =
      Pattern.compile("^(.+?):(\\d{1,9}):(\\d{1,9})\\s+-\\s+(error|warning)\\s+(TS\\d+):\\s*(.+)$");
  private static final Pattern CARET = Pattern.compile("^(\\s*)\\^\\s*$");

  private final WorkspacePaths paths;

  /** A javac problem waiting for its caret line (javac prints no column otherwise). */
  private Problem pendingJavac;

  private int linesSincePending;

  CompilerMatcher(WorkspacePaths paths) {
    this.paths = paths;
  }

  @Override
  public void line(String line, Consumer<Problem> report) {
    if (pendingJavac != null) {
      Matcher caret = CARET.matcher(line);
      if (caret.matches()) {
        Problem p = pendingJavac;
        report.accept(
            new Problem(
                p.path(),
                p.line(),
                caret.group(1).length() + 1,
                p.severity(),
                p.message(),
                p.source()));
        pendingJavac = null;
        return;
      }
      if (++linesSincePending > 2) {
        end(report);
      }
    }
    Matcher m;
    if ((m = MAVEN.matcher(line)).matches()) {
      emit(m.group(2), m.group(3), m.group(4), severity(m.group(1)), m.group(5), "javac", report);
    } else if ((m = JAVAC.matcher(line)).matches()) {
      end(report);
      Matcher javac = m;
      paths
          .relativize(javac.group(1))
          .ifPresent(
              path -> {
                pendingJavac =
                    new Problem(
                        path,
                        Integer.parseInt(javac.group(2)),
                        0,
                        severity(javac.group(3)),
                        javac.group(4).strip(),
                        "javac");
                linesSincePending = 0;
              });
    } else if ((m = TSC_PLAIN.matcher(line)).matches()
        || (m = TSC_PRETTY.matcher(line)).matches()) {
      emit(
          m.group(1),
          m.group(2),
          m.group(3),
          severity(m.group(4)),
          m.group(5) + ": " + m.group(6),
          "tsc",
          report);
    } else if ((m = GCC.matcher(line)).matches()) {
      emit(m.group(1), m.group(2), m.group(3), severity(m.group(4)), m.group(5), "gcc", report);
    }
  }

  @Override
  public void end(Consumer<Problem> report) {
    if (pendingJavac != null) {
      report.accept(pendingJavac);
      pendingJavac = null;
    }
  }

  private void emit(
      String file,
      String line,
      String column,
      Severity severity,
      String message,
      String source,
      Consumer<Problem> report) {
    paths
        .relativize(file)
        .ifPresent(
            path ->
                report.accept(
                    new Problem(
                        path,
                        Integer.parseInt(line),
                        Integer.parseInt(column),
                        severity,
                        message.strip(),
                        source)));
  }

  private static Severity severity(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "error", "fatal error" -> Severity.ERROR;
      case "warning" -> Severity.WARNING;
      default -> Severity.INFO;
    };
  }
}
