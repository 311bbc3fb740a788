package dev.atelier.server.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Quick-open matching: the query's characters must appear in the path in order (case-insensitive);
 * matches score higher when they are consecutive, start a word (after {@code /}, {@code .}, {@code
 * _}, {@code -} or a lower-to-upper case change) or fall in the file name, and shorter paths win
 * ties — so {@code wbv} finds {@code WorkbenchView.java} before {@code web/base/vendor.js}.
 */
public final class FuzzyMatch {

  /**
   * A ranked path.
   *
   * @param path the path
   * @param score higher is better
   * @param positions indexes of the matched characters in {@code path}, for highlighting
   */
  public record Hit(String path, int score, int[] positions) {}

  private FuzzyMatch() {}

  /** The best {@code limit} paths matching {@code query}, best first. */
  public static List<Hit> rank(String query, List<String> paths, int limit) {
    String q = query.strip().replace(" ", "");
    List<Hit> hits = new ArrayList<>();
    for (String path : paths) {
      Hit hit = match(q, path);
      if (hit != null) {
        hits.add(hit);
      }
    }
    hits.sort(
        Comparator.comparingInt(Hit::score)
            .reversed()
            .thenComparingInt(h -> h.path().length())
            .thenComparing(Hit::path));
    return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : List.copyOf(hits);
  }

  /**
   * Scores one path, or {@code null} when the query is not a subsequence of it. Greedy from the
   * right for the file name (a query that fits in the file name matches there), then from the left
   * for the rest.
   */
  static Hit match(String query, String path) {
    if (query.isEmpty()) {
      return new Hit(path, 0, new int[0]);
    }
    String lowerQuery = query.toLowerCase(Locale.ROOT);
    String lowerPath = path.toLowerCase(Locale.ROOT);
    int nameStart = path.lastIndexOf('/') + 1;
    int[] positions = new int[lowerQuery.length()];
    // try to place the whole query inside the file name first
    if (!subsequence(lowerQuery, lowerPath, nameStart, positions)
        && !subsequence(lowerQuery, lowerPath, 0, positions)) {
      return null;
    }
    int score = 0;
    for (int i = 0; i < positions.length; i++) {
      int at = positions[i];
      score += 1;
      if (i > 0 && positions[i - 1] == at - 1) {
        score += 5;
      }
      if (at == 0 || isBoundary(path, at)) {
        score += 8;
      }
      if (at >= nameStart) {
        score += 3;
      }
      if (path.charAt(at) == query.charAt(i)) {
        score += 1; // same case
      }
    }
    if (lowerPath.substring(nameStart).startsWith(lowerQuery)) {
      score += 20;
    }
    return new Hit(path, score, positions);
  }

  private static boolean subsequence(String query, String path, int from, int[] positions) {
    int qi = 0;
    for (int i = from; i < path.length() && qi < query.length(); i++) {
      if (path.charAt(i) == query.charAt(qi)) {
        positions[qi++] = i;
      }
    }
    return qi == query.length();
  }

  private static boolean isBoundary(String path, int at) {
    char before = path.charAt(at - 1);
    char c = path.charAt(at);
    return before == '/'
        || before == '.'
        || before == '_'
        || before == '-'
        || before == ' '
        || (Character.isLowerCase(before) && Character.isUpperCase(c));
  }
}
