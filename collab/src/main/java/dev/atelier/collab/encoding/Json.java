package dev.atelier.collab.encoding;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON with JavaScript's semantics, because Yjs stores embeds, format attributes and legacy JSON
 * content as {@code JSON.stringify} output: numbers print the way JavaScript prints them, object
 * keys follow JavaScript's enumeration order, {@link Undefined} values are skipped in objects and
 * become {@code null} in arrays. Parsing is strict (like {@code JSON.parse}) and yields null,
 * Boolean, String, Integer (integral values up to 2^31-1) or Double, {@code List<Object>} and
 * {@code LinkedHashMap<String,Object>}.
 */
public final class Json {

  /** Maximum nesting of arrays and objects accepted by {@link #parse}. */
  public static final int MAX_DEPTH = Lib0Reader.MAX_ANY_DEPTH;

  private final String s;
  private int pos;

  private Json(String s) {
    this.s = s;
  }

  /**
   * Parses JSON text.
   *
   * @throws CollabException MALFORMED for invalid JSON, LIMIT_EXCEEDED when nested too deeply
   */
  public static Object parse(String text) {
    Json p = new Json(text);
    p.skipWs();
    Object v = p.value(0);
    p.skipWs();
    if (p.pos != text.length()) {
      throw p.error("unexpected trailing characters");
    }
    return v;
  }

  private CollabException error(String what) {
    return new CollabException(ErrorCode.MALFORMED, "invalid JSON at " + pos + ": " + what);
  }

  private void skipWs() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else {
        break;
      }
    }
  }

  private Object value(int depth) {
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character");
    }
  }

  private void literal(String word) {
    if (!s.startsWith(word, pos)) {
      throw error("expected " + word);
    }
    pos += word.length();
  }

  private Object object(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "JSON nested too deeply");
    }
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    skipWs();
    if (pos < s.length() && s.charAt(pos) == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWs();
      if (pos >= s.length() || s.charAt(pos) != '"') {
        throw error("expected a key");
      }
      String key = string();
      skipWs();
      if (pos >= s.length() || s.charAt(pos) != ':') {
        throw error("expected ':'");
      }
      pos++;
      skipWs();
      map.put(key, value(depth + 1));
      skipWs();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos++);
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private Object array(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "JSON nested too deeply");
    }
    pos++;
    List<Object> list = new ArrayList<>();
    skipWs();
    if (pos < s.length() && s.charAt(pos) == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipWs();
      list.add(value(depth + 1));
      skipWs();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos++);
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    pos++;
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(pos);
      if (c == '"') {
        String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
        pos++;
        return out;
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c != '\\') {
        pos++;
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder();
      }
      sb.append(s, start, pos);
      pos++;
      if (pos >= s.length()) {
        throw error("unterminated escape");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("bad unicode escape");
          }
          int v = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
              throw error("bad unicode escape");
            }
            v = v * 16 + d;
          }
          pos += 4;
          sb.append((char) v);
        }
        default -> throw error("bad escape");
      }
      start = pos;
    }
  }

  private Object number() {
    int start = pos;
    if (s.charAt(pos) == '-') {
      pos++;
    }
    if (pos >= s.length()) {
      throw error("bad number");
    }
    if (s.charAt(pos) == '0') {
      pos++;
    } else if (s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
        pos++;
      }
    } else {
      throw error("bad number");
    }
    if (pos < s.length() && s.charAt(pos) == '.') {
      pos++;
      int digits = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == digits) {
        throw error("bad number");
      }
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      int digits = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == digits) {
        throw error("bad number");
      }
    }
    return JsNumbers.normalize(Double.parseDouble(s.substring(start, pos)));
  }

  /**
   * JavaScript's {@code JSON.stringify(value)}.
   *
   * @throws CollabException INVALID_OPERATION for values JSON cannot hold (BigInteger, unknown
   *     types, a top-level {@link Undefined})
   */
  public static String stringify(Object value) {
    if (value == Undefined.INSTANCE) {
      throw new CollabException(ErrorCode.INVALID_OPERATION, "undefined cannot be stored as JSON");
    }
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "value nested too deeply");
    }
    if (v == null || v == Undefined.INSTANCE) {
      sb.append("null");
    } else if (v instanceof String str) {
      quote(sb, str);
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else if (v instanceof java.math.BigInteger) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION, "a BigInteger cannot be stored as JSON");
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      sb.append(Double.isFinite(d) ? JsNumbers.toString(d) : "null");
    } else if (v instanceof byte[] bytes) {
      // JSON.stringify(Uint8Array) gives an object keyed by index
      sb.append('{');
      for (int i = 0; i < bytes.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append('"').append(i).append("\":").append(bytes[i] & 0xFF);
      }
      sb.append('}');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, list.get(i), depth + 1);
      }
      sb.append(']');
    } else if (v instanceof Object[] arr) {
      write(sb, java.util.Arrays.asList(arr), depth);
    } else if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (String k : JsKeys.order(map)) {
        Object val = map.get(k);
        if (val == Undefined.INSTANCE) {
          continue;
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(sb, k);
        sb.append(':');
        write(sb, val, depth + 1);
      }
      sb.append('}');
    } else {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION, "cannot store " + v.getClass().getName() + " as JSON");
    }
  }

  private static void quote(StringBuilder sb, String str) {
    sb.append('"');
    int n = str.length();
    for (int i = 0; i < n; i++) {
      char c = str.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(str.charAt(i + 1))) {
            sb.append(c).append(str.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c)) {
            // well-formed JSON.stringify escapes lone surrogates
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
