package dev.atelier.gateway.text;

import org.eclipse.lsp4j.Position;

/**
 * Conversions between string offsets and LSP positions: lines end at {@code \n}, {@code \r\n} or
 * {@code \r}; characters are UTF-16 code units (the protocol's default position encoding, and what
 * both Java strings and the browser's JavaScript strings count in).
 */
public final class Positions {

  private Positions() {}

  /** The position of {@code offset} (0 … length) in {@code text}. */
  public static Position of(String text, int offset) {
    if (offset < 0 || offset > text.length()) {
      throw new IndexOutOfBoundsException("offset " + offset + " outside 0.." + text.length());
    }
    int line = 0;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
      } else if (c == '\r') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          if (i + 1 == offset) {
            break; // between CR and LF: still on this line, past its last character
          }
          i++;
        }
        line++;
        lineStart = i + 1;
      }
    }
    return new Position(line, offset - lineStart);
  }

  /**
   * The offset of {@code position} in {@code text}; a character past the end of its line clamps to
   * the line end and a line past the end clamps to the text end, as the protocol asks.
   */
  public static int offsetOf(String text, Position position) {
    int line = 0;
    int i = 0;
    int length = text.length();
    while (line < position.getLine()) {
      if (i >= length) {
        return length;
      }
      char c = text.charAt(i++);
      if (c == '\n') {
        line++;
      } else if (c == '\r') {
        if (i < length && text.charAt(i) == '\n') {
          i++;
        }
        line++;
      }
    }
    int lineEnd = i;
    while (lineEnd < length && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
      lineEnd++;
    }
    return Math.min(i + Math.max(0, position.getCharacter()), lineEnd);
  }
}
