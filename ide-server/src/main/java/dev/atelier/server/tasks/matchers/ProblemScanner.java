package dev.atelier.server.tasks.matchers;

import dev.atelier.extensions.ProblemMatcherContribution;
import dev.atelier.extensions.ProblemMatcherContribution.MatchedProblem;
import dev.atelier.server.problems.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a run's raw output (text with ANSI escapes, split anywhere) through every contributed
 * problem matcher and collects what they report, without duplicates (Maven prints each compiler
 * error twice) and at most {@link #MAX_PROBLEMS} of them. A matcher that throws is dropped for the
 * rest of the run (logged once); the others carry on. Not thread-safe: one scanner per run, fed by
 * its reader.
 */
public final class ProblemScanner {

  private static final Logger log = LoggerFactory.getLogger(ProblemScanner.class);

  /** A build with more problems than this shows the first ones only. */
  public static final int MAX_PROBLEMS = 1000;

  /** The longest line examined; longer lines are cut (no compiler prints such a diagnostic). */
  static final int MAX_LINE = 8192;

  /** CSI ({@code ESC [ … final}), OSC ({@code ESC ] … BEL/ST}) and two-character escapes. */
  private static final Pattern ANSI =
      Pattern.compile(
          "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-Z\\\\-_]");

  private record Running(String id, ProblemMatcherContribution.Matcher matcher) {}

  private final List<Running> matchers = new ArrayList<>();
  private final Set<Problem> problems = new LinkedHashSet<>();
  private final StringBuilder partial = new StringBuilder();

  /** A scanner with a fresh matcher of each contribution, in contribution order. */
  public ProblemScanner(WorkspacePaths paths, List<ProblemMatcherContribution> contributions) {
    for (ProblemMatcherContribution contribution : contributions) {
      try {
        matchers.add(new Running(contribution.id(), contribution.factory().create(paths)));
      } catch (RuntimeException | LinkageError e) {
        log.warn(
            "Problem matcher {} could not be created; the run goes without it",
            contribution.id(),
            e);
      }
    }
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
    for (Running running : List.copyOf(matchers)) {
      call(running, () -> running.matcher.end(this::add));
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
    for (Running running : List.copyOf(matchers)) {
      call(running, () -> running.matcher.line(line, this::add));
    }
  }

  private void call(Running running, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | LinkageError e) {
      matchers.remove(running);
      log.warn("Problem matcher {} failed; dropped for the rest of this run", running.id, e);
    }
  }

  private void add(MatchedProblem found) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(
          new Problem(
              found.path(),
              found.line(),
              found.column(),
              Problem.Severity.valueOf(found.severity().name()),
              found.message(),
              found.source()));
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
