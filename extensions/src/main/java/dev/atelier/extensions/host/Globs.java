package dev.atelier.extensions.host;

import java.util.regex.Pattern;

/**
 * Globs over workspace-relative paths, following the devcontainer / VS Code conventions: {@code *}
 * and {@code ?} stay within a path segment, {@code **} spans segments ({@code **}{@code /*.py} also
 * matches {@code main.py} at the root), {@code {a,b}} is an alternative and {@code [..]} a
 * character class.
 */
public final class Globs {

  private Globs() {}

  /** {@code glob} compiled. */
  public static Pattern compile(String glob) {
    return Pattern.compile(toRegex(glob));
  }

  /** A glob as an anchored regular expression. */
  public static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    int braces = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
        if (doubleStar) {
          boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
          boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
          if (slashAfter && atSegmentStart) {
            regex.append("(?:.*/)?");
            i += 3;
          } else {
            regex.append(".*");
            i += 2;
          }
          continue;
        }
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '{') {
        braces++;
        regex.append("(?:");
      } else if (c == '}' && braces > 0) {
        braces--;
        regex.append(')');
      } else if (c == ',' && braces > 0) {
        regex.append('|');
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 1);
        if (close < 0) {
          regex.append("\\[");
        } else {
          String body = glob.substring(i + 1, close);
          if (body.startsWith("!")) {
            body = "^" + body.substring(1);
          }
          regex.append('[').append(body.replace("\\", "\\\\")).append(']');
          i = close;
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return regex.toString();
  }
}
