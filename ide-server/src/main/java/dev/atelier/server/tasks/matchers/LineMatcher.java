package dev.atelier.server.tasks.matchers;

import dev.atelier.server.problems.Problem;
import java.util.function.Consumer;

/**
 * Reads a run's output line by line (ANSI escapes and carriage returns already removed) and reports
 * problems. One instance per run: matchers for multi-line formats keep state between lines.
 */
interface LineMatcher {

  void line(String line, Consumer<Problem> report);

  /** The output ended; report what is still pending. */
  default void end(Consumer<Problem> report) {}
}
