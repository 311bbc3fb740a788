package dev.atelier.collab.encoding;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JavaScript object semantics that the wire bytes depend on. */
public final class JsKeys {

  private JsKeys() {}

  /**
   * The order in which JavaScript enumerates an object's own keys: canonical array indexes (0 ..
   * 2^32-2) ascending first, then the other keys in insertion order. Yjs writes objects in that
   * order, so Java must too to produce the same bytes.
   */
  public static List<String> order(Map<?, ?> map) {
    if (map.isEmpty()) {
      return List.of();
    }
    List<String> indexes = null;
    List<String> others = new ArrayList<>(map.size());
    for (Object k : map.keySet()) {
      if (!(k instanceof String key)) {
        throw new CollabException(
            ErrorCode.INVALID_OPERATION, "object keys must be strings, got " + k);
      }
      if (arrayIndex(key) >= 0) {
        if (indexes == null) {
          indexes = new ArrayList<>();
        }
        indexes.add(key);
      } else {
        others.add(key);
      }
    }
    if (indexes == null) {
      return others;
    }
    indexes.sort((a, b) -> Long.compare(arrayIndex(a), arrayIndex(b)));
    indexes.addAll(others);
    return indexes;
  }

  /** The array index a key denotes in JavaScript, or -1 when it is an ordinary property name. */
  static long arrayIndex(String key) {
    int n = key.length();
    if (n == 0 || n > 10) {
      return -1;
    }
    if (n > 1 && key.charAt(0) == '0') {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 0xFFFFFFFEL ? v : -1;
  }
}
