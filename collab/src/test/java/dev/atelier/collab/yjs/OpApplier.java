package dev.atelier.collab.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.YArray;
import dev.atelier.collab.crdt.YMap;
import dev.atelier.collab.crdt.YText;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the shared op format ({@code src/test/js/ops.mjs}) to a Java {@link Doc}, with the same
 * index arithmetic as the JavaScript side so that one random op means the same thing on both.
 */
public final class OpApplier {

  private OpApplier() {}

  /** Applies one op in the caller's transaction (or an implicit one). */
  public static void apply(Doc doc, JsonNode op) {
    String t = op.path("t").asText();
    Object target = resolve(doc, op, t.substring(0, t.indexOf('.')));
    switch (t) {
      case "text.insert" -> {
        YText text = (YText) target;
        int index = insertIndex(op, text.length(), textOf(op, text));
        if (op.has("attrs")) {
          text.insert(index, op.get("text").asText(), toMap(op.get("attrs")));
        } else {
          text.insert(index, op.get("text").asText());
        }
      }
      case "text.delete" -> {
        YText text = (YText) target;
        int[] r = range(op, text.length(), textOf(op, text));
        if (r != null) {
          text.delete(r[0], r[1]);
        }
      }
      case "text.format" -> {
        YText text = (YText) target;
        int[] r = range(op, text.length(), textOf(op, text));
        if (r != null) {
          text.format(r[0], r[1], toMap(op.get("attrs")));
        }
      }
      case "map.set" -> ((YMap) target).set(op.get("key").asText(), toValue(op.get("value")));
      case "map.delete" -> ((YMap) target).delete(op.get("key").asText());
      case "array.insert" -> {
        YArray array = (YArray) target;
        List<Object> values = new ArrayList<>();
        op.get("values").forEach(v -> values.add(toValue(v)));
        array.insert(insertIndex(op, array.length(), null), values);
      }
      case "array.delete" -> {
        YArray array = (YArray) target;
        int[] r = range(op, array.length(), null);
        if (r != null) {
          array.delete(r[0], r[1]);
        }
      }
      default -> throw new IllegalArgumentException("unknown op " + t);
    }
  }

  private static Object resolve(Doc doc, JsonNode op, String want) {
    JsonNode path = op.path("path");
    String root = op.get("root").asText();
    String rootKind = path.size() == 0 ? want : path.get(0).isNumber() ? "array" : "map";
    Object cur =
        switch (rootKind) {
          case "text" -> doc.getText(root);
          case "map" -> doc.getMap(root);
          default -> doc.getArray(root);
        };
    for (JsonNode step : path) {
      cur = step.isNumber() ? ((YArray) cur).get(step.asInt()) : ((YMap) cur).get(step.asText());
      if (cur == null) {
        throw new IllegalArgumentException("path " + path + " does not resolve");
      }
    }
    return cur;
  }

  private static String textOf(JsonNode op, YText text) {
    return op.has("index") ? null : text.toString();
  }

  /** As in ops.mjs: fractional positions never split a surrogate pair. */
  private static boolean insideSurrogatePair(String s, int i) {
    return s != null && i > 0 && i < s.length() && Character.isHighSurrogate(s.charAt(i - 1));
  }

  static int insertIndex(JsonNode op, int n, String s) {
    if (op.has("index")) {
      return op.get("index").asInt();
    }
    int i = (int) Math.min(n, Math.floor(op.get("at").asDouble() * (n + 1)));
    return insideSurrogatePair(s, i) ? i + 1 : i;
  }

  static int[] range(JsonNode op, int n, String s) {
    if (op.has("index")) {
      return new int[] {op.get("index").asInt(), op.get("len").asInt()};
    }
    if (n == 0) {
      return null;
    }
    int index = (int) Math.min(n - 1, Math.floor(op.get("at").asDouble() * n));
    if (insideSurrogatePair(s, index)) {
      index++;
    }
    if (index >= n) {
      return null;
    }
    int end = Math.min(n, index + op.get("len").asInt());
    if (insideSurrogatePair(s, end)) {
      end++;
    }
    return new int[] {index, end - index};
  }

  static Map<String, Object> toMap(JsonNode obj) {
    Map<String, Object> m = new LinkedHashMap<>();
    obj.properties().forEach(e -> m.put(e.getKey(), toValue(e.getValue())));
    return m;
  }

  /**
   * JSON to the Java values the crdt API takes; {@code $y} and {@code $bin} markers as in ops.mjs.
   */
  public static Object toValue(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isObject()) {
      if (v.has("$y")) {
        return switch (v.get("$y").asText()) {
          case "text" -> new YText();
          case "map" -> new YMap();
          default -> new YArray();
        };
      }
      if (v.has("$bin")) {
        return Base64.getDecoder().decode(v.get("$bin").asText());
      }
      return toMap(v);
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      v.forEach(x -> list.add(toValue(x)));
      return list;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    return v.asDouble();
  }
}
