package dev.atelier.server.ui.workbench;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A file position as written in the workbench URL fragment: {@code #file=src/app.py}, {@code
 * #file=src/app.py:12} or {@code #file=src/app.py:12:5}.
 *
 * @param path the workspace-relative path
 * @param line 1-based line, 0 for none
 * @param column 1-based column, 0 for none
 */
record FileLocation(String path, int line, int column) {

  private static final String KEY = "file=";

  /** Parses a {@code location.hash} value (with or without {@code #}); empty when it has none. */
  static Optional<FileLocation> fromFragment(String hash) {
    if (hash == null) {
      return Optional.empty();
    }
    String fragment = hash.startsWith("#") ? hash.substring(1) : hash;
    for (String part : fragment.split("&")) {
      if (part.startsWith(KEY)) {
        String value = decode(part.substring(KEY.length()));
        return value.isBlank() ? Optional.empty() : Optional.of(parse(value));
      }
    }
    return Optional.empty();
  }

  private static FileLocation parse(String value) {
    String path = value;
    int line = 0;
    int column = 0;
    int last = path.lastIndexOf(':');
    if (last > 0 && isNumber(path.substring(last + 1))) {
      int number = Integer.parseInt(path.substring(last + 1));
      path = path.substring(0, last);
      int previous = path.lastIndexOf(':');
      if (previous > 0 && isNumber(path.substring(previous + 1))) {
        line = Integer.parseInt(path.substring(previous + 1));
        column = number;
        path = path.substring(0, previous);
      } else {
        line = number;
      }
    }
    return new FileLocation(WorkbenchView.cleanPath(path), line, column);
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.length() < 9 && text.chars().allMatch(Character::isDigit);
  }

  private static String decode(String text) {
    try {
      // Fragments are percent-encoded (encodeURI); '+' is a literal plus there, not a space.
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
