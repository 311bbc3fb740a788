package dev.atelier.collab.crdt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One operation of a delta (Quill's format, as Yjs uses it): insert a value, retain n elements or
 * delete n elements, optionally with formatting attributes.
 *
 * @param insert the inserted value (a String for text, a List of values for arrays, an embed or a
 *     shared type), or null when this is a retain or delete
 * @param retain number of retained elements (0 unless a retain)
 * @param delete number of deleted elements (0 unless a delete)
 * @param attributes formatting attributes, empty when none
 */
public record Delta(Object insert, int retain, int delete, Map<String, Object> attributes) {

  public Delta {
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  public static Delta insert(Object value, Map<String, Object> attributes) {
    return new Delta(value, 0, 0, attributes);
  }

  public static Delta retain(int n, Map<String, Object> attributes) {
    return new Delta(null, n, 0, attributes);
  }

  public static Delta delete(int n) {
    return new Delta(null, 0, n, null);
  }

  public boolean isInsert() {
    return insert != null;
  }

  public boolean isRetain() {
    return insert == null && delete == 0;
  }

  public boolean isDelete() {
    return insert == null && delete > 0;
  }

  /** The JSON form Yjs uses: {insert, attributes?} | {retain, attributes?} | {delete}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (isInsert()) {
      m.put("insert", AbstractType.jsonOf(insert));
    } else if (isDelete()) {
      m.put("delete", delete);
    } else {
      m.put("retain", retain);
    }
    if (!attributes.isEmpty()) {
      m.put("attributes", attributes);
    }
    return m;
  }
}
