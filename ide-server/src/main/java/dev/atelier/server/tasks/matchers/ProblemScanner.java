package dev.atelier.server.tasks.matchers;

import dev.atelier.server.problems.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Feeds a run's raw output (text with ANSI escapes, split anywhere) through every problem matcher
 * and collects what they report, without duplicates (Maven prints each compiler error twice) and at
 * most {@link #MAX_PROBLEMS} of them. Not thread-safe: one scanner per run, fed by its reader.
 */
public final class ProblemScanner {

  /** A build with more problems than this shows the first ones only. */
  public static final int MAX_PROBLEMS = 1000;

  /** The longest line examined; longer lines are cut (no compiler prints such a diagnostic). */
  static final int MAX_LINE = 8192;

  /** CSI ({@code ESC [ … final}), OSC ({@code ESC ] … BEL/ST}) and two-character escapes. */
  private static final Pattern ANSI =
      Pattern.compile(
          "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-Z\\\\-_]");

  private final List<LineMatcher> matchers;
  private final Set<Problem> problems = new LinkedHashSet<>();
  private final StringBuilder partial = new StringBuilder();

  public ProblemScanner(WorkspacePaths paths) {
    this.matchers = List.of(new CompilerMatcher(paths), new PythonTracebackMatcher(paths));
  }

  /** Feeds a chunk of output; complete lines are matched at once. */
  public void accept(CharSequence chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      char c = chunk.charAt(i);
      if (c == '\n') {
        flushLine();
      } else if (partial.length() < MAX_LINE) {
        partial.append(c);
      }
    }
  }

  /** The output ended: matches the last unterminated line and what matchers still hold. */
  public List<Problem> finish() {
    if (partial.length() > 0) {
      flushLine();
    }
    for (LineMatcher matcher : matchers) {
      matcher.end(this::add);
    }
    return problems();
  }

  /** What was found so far, in output order. */
  public List<Problem> problems() {
    return new ArrayList<>(problems);
  }

  private void flushLine() {
    String line = clean(partial);
    partial.setLength(0);
    for (LineMatcher matcher : matchers) {
      matcher.line(line, this::add);
    }
  }

  private void add(Problem problem) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(problem);
    }
  }

  /** The text a terminal would show: no escapes, no carriage returns, no trailing blanks. */
  static String clean(CharSequence raw) {
    String text = ANSI.matcher(raw).replaceAll("");
    int cr = text.lastIndexOf('\r');
    if (cr >= 0 && cr < text.length() - 1) {
      // A carriage return mid-line means the line was overwritten (progress output).
      text = text.substring(cr + 1);
    }
    return text.replace("\r", "").stripTrailing();
  }
}
