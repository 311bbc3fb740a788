package dev.atelier.collab.protocol;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;

/**
 * Strict RFC 8259 validation of awareness states. The server relays states without interpreting
 * them, so it only needs to know that a state is well-formed JSON (peers run {@code JSON.parse} on
 * it and would fail otherwise). The result is the compact form (insignificant whitespace removed),
 * which is what {@code JSON.stringify} would send for the same value, modulo string escapes.
 */
final class JsonText {

  private final String in;
  private final int maxDepth;
  private final StringBuilder out;
  private int pos;

  private JsonText(String in, int maxDepth) {
    this.in = in;
    this.maxDepth = maxDepth;
    this.out = new StringBuilder(in.length());
  }

  /**
   * Validates {@code json} and returns its compact form.
   *
   * @throws CollabException MALFORMED if it is not one JSON value, LIMIT_EXCEEDED if nested deeper
   *     than {@code maxDepth}
   */
  static String compact(String json, int maxDepth) {
    JsonText p = new JsonText(json, maxDepth);
    p.skipWs();
    p.value(0);
    p.skipWs();
    if (p.pos != json.length()) {
      throw p.error("unexpected content after the JSON value");
    }
    return p.out.toString();
  }

  private CollabException error(String what) {
    return new CollabException(
        ErrorCode.MALFORMED, "awareness state is not valid JSON: " + what + " at offset " + pos);
  }

  private void skipWs() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    if (pos >= in.length()) {
      throw error("unexpected end");
    }
    return in.charAt(pos);
  }

  private void value(int depth) {
    char c = peek();
    switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw error("unexpected character '" + c + "'");
        }
      }
    }
  }

  private void checkDepth(int depth) {
    if (depth > maxDepth) {
      throw new CollabException(
          ErrorCode.LIMIT_EXCEEDED, "awareness state nested deeper than " + maxDepth);
    }
  }

  private void object(int depth) {
    checkDepth(depth);
    pos++;
    out.append('{');
    skipWs();
    if (peek() == '}') {
      pos++;
      out.append('}');
      return;
    }
    while (true) {
      skipWs();
      if (peek() != '"') {
        throw error("expected a property name");
      }
      string();
      skipWs();
      expect(':');
      skipWs();
      value(depth);
      skipWs();
      char c = peek();
      pos++;
      out.append(c);
      if (c == '}') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private void array(int depth) {
    checkDepth(depth);
    pos++;
    out.append('[');
    skipWs();
    if (peek() == ']') {
      pos++;
      out.append(']');
      return;
    }
    while (true) {
      skipWs();
      value(depth);
      skipWs();
      char c = peek();
      pos++;
      out.append(c);
      if (c == ']') {
        return;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
    out.append(c);
  }

  private void literal(String word) {
    if (!in.startsWith(word, pos)) {
      throw error("invalid literal");
    }
    pos += word.length();
    out.append(word);
  }

  private void string() {
    int start = pos++;
    while (true) {
      char c = peek();
      pos++;
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        pos--;
        throw error("unescaped control character in a string");
      }
      if (c == '\\') {
        char e = peek();
        pos++;
        if (e == 'u') {
          for (int i = 0; i < 4; i++) {
            if (Character.digit(peek(), 16) < 0) {
              throw error("bad \\u escape");
            }
            pos++;
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          pos--;
          throw error("bad escape");
        }
      }
    }
    out.append(in, start, pos);
  }

  private void number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    char c = peek();
    if (c == '0') {
      pos++;
    } else if (c >= '1' && c <= '9') {
      digits();
    } else {
      throw error("bad number");
    }
    if (pos < in.length() && in.charAt(pos) == '.') {
      pos++;
      if (!isDigit()) {
        throw error("bad fraction");
      }
      digits();
    }
    if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
      pos++;
      if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
        pos++;
      }
      if (!isDigit()) {
        throw error("bad exponent");
      }
      digits();
    }
    out.append(in, start, pos);
  }

  private boolean isDigit() {
    return pos < in.length() && in.charAt(pos) >= '0' && in.charAt(pos) <= '9';
  }

  private void digits() {
    while (isDigit()) {
      pos++;
    }
  }
}
