package dev.atelier.server.ui.workbench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Fuzzy matching as in IDE pickers: the query's characters must appear in order (case-insensitive);
 * matches at word starts and runs of consecutive characters rank higher, so {@code tnt} finds
 * "Terminal: New Terminal" first and {@code rcl} finds "Reopen Closed ...".
 */
public final class FuzzyMatch {

  private static final int MATCH = 1;
  private static final int CONSECUTIVE = 5;
  private static final int WORD_START = 8;
  private static final int FIRST_CHARACTER = 10;

  private FuzzyMatch() {}

  /**
   * The score of {@code text} for {@code query} (higher is better), empty when it does not match.
   */
  public static OptionalInt score(String query, String text) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    if (q.isEmpty()) {
      return OptionalInt.of(0);
    }
    String t = text.toLowerCase(Locale.ROOT);
    int score = 0;
    int from = 0;
    int previous = -2;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == ' ') {
        continue;
      }
      int at = bestPosition(t, text, c, from, previous);
      if (at < 0) {
        return OptionalInt.empty();
      }
      score += MATCH;
      if (at == previous + 1) {
        score += CONSECUTIVE;
      }
      if (at == 0) {
        score += FIRST_CHARACTER;
      } else if (isWordStart(text, at)) {
        score += WORD_START;
      }
      previous = at;
      from = at + 1;
    }
    // Among equal matches, the shorter text is the more specific one.
    return OptionalInt.of(score * 100 - text.length());
  }

  /**
   * The items that match {@code query}, best first (stable for equal scores).
   *
   * @param label what is matched of each item
   */
  public static <T> List<T> filter(String query, List<T> items, Function<T, String> label) {
    record Scored<T>(T item, int score, int index) {}
    List<Scored<T>> scored = new java.util.ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      OptionalInt s = score(query, Objects.toString(label.apply(item), ""));
      if (s.isPresent()) {
        scored.add(new Scored<>(item, s.getAsInt(), i));
      }
    }
    if (!query.isBlank()) {
      scored.sort(
          Comparator.comparingInt((Scored<T> s) -> -s.score()).thenComparingInt(Scored::index));
    }
    return scored.stream().map(Scored::item).toList();
  }

  /** Prefers the next occurrence right after the previous match, then one at a word start. */
  private static int bestPosition(String lower, String original, char c, int from, int previous) {
    int first = lower.indexOf(c, from);
    if (first < 0 || first == previous + 1) {
      return first;
    }
    for (int at = first; at >= 0; at = lower.indexOf(c, at + 1)) {
      if (isWordStart(original, at)) {
        return at;
      }
    }
    return first;
  }

  private static boolean isWordStart(String text, int at) {
    if (at == 0) {
      return true;
    }
    char before = text.charAt(at - 1);
    char here = text.charAt(at);
    return !Character.isLetterOrDigit(before)
        || (Character.isLowerCase(before) && Character.isUpperCase(here));
  }
}
