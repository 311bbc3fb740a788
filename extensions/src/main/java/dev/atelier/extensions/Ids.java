package dev.atelier.extensions;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validation of the identifiers and texts contributions carry. */
final class Ids {

  /** Lower-case letters, digits, {@code . _ -}; starts with a letter or digit; at most 64. */
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private Ids() {}

  static String id(String what, String value) {
    Objects.requireNonNull(value, what);
    if (!ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be 1-64 characters of a-z, 0-9, '.', '_' or '-' starting with a letter or"
              + " digit, was \""
              + value
              + "\"");
    }
    return value;
  }

  static String text(String what, String value, int max) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()
        || value.length() > max
        || value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          what + " must be 1-" + max + " characters without control characters");
    }
    return value;
  }
}
