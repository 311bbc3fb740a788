package dev.atelier.extensions.builtin;

import java.util.regex.Pattern;

/** POSIX shell quoting. */
final class Shell {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Shell() {}

  /**
   * {@code text} as one shell word: unchanged when it has no special characters, else in single
   * quotes.
   */
  static String quote(String text) {
    if (!text.isEmpty() && PLAIN.matcher(text).matches()) {
      return text;
    }
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
