package dev.atelier.collab.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.collab.crdt.Delta;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.YArray;
import dev.atelier.collab.crdt.YMap;
import dev.atelier.collab.crdt.YText;
import dev.atelier.collab.encoding.Undefined;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Java doc content as Jackson trees in the shape the harness's {@code read} command returns, with
 * numbers normalised on both sides (JavaScript has one number type; Java has several).
 */
public final class JavaJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JavaJson() {}

  /** The same shape as {@link YjsProcess#delta}. */
  public static JsonNode delta(Doc doc, String root) {
    return normalize(toTree(doc.getText(root).toDelta()));
  }

  /** The same shape as {@link YjsProcess#json} for "map" or "array". */
  public static JsonNode json(Doc doc, String kind, String root) {
    Object value = kind.equals("map") ? doc.getMap(root).toJson() : doc.getArray(root).toJson();
    return normalize(toTree(value));
  }

  /** Any value the crdt API returns, as a tree ({@code byte[]} as {@code {"$bin": base64}}). */
  public static JsonNode toTree(Object v) {
    if (v == null || v == Undefined.INSTANCE) {
      return F.nullNode();
    }
    if (v instanceof JsonNode n) {
      return n;
    }
    if (v instanceof String s) {
      return F.textNode(s);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof Number n) {
      return F.numberNode(n.doubleValue());
    }
    if (v instanceof byte[] b) {
      return F.objectNode().put("$bin", Base64.getEncoder().encodeToString(b));
    }
    if (v instanceof Delta d) {
      return toTree(d.toJson());
    }
    if (v instanceof YText t) {
      return F.textNode(t.toString());
    }
    if (v instanceof YMap m) {
      return toTree(m.toJson());
    }
    if (v instanceof YArray a) {
      return toTree(a.toJson());
    }
    if (v instanceof Map<?, ?> map) {
      ObjectNode o = F.objectNode();
      // JSON.stringify drops undefined properties.
      map.forEach(
          (k, x) -> {
            if (x != Undefined.INSTANCE) {
              o.set(String.valueOf(k), toTree(x));
            }
          });
      return o;
    }
    if (v instanceof List<?> list) {
      ArrayNode a = F.arrayNode();
      list.forEach(x -> a.add(toTree(x)));
      return a;
    }
    if (v instanceof Object[] arr) {
      return toTree(List.of(arr));
    }
    throw new IllegalArgumentException("no JSON form for " + v.getClass());
  }

  /** Every number as a double, so 1 and 1.0 compare equal, as they do in JavaScript. */
  public static JsonNode normalize(JsonNode n) {
    if (n.isNumber()) {
      return F.numberNode(n.asDouble());
    }
    if (n.isObject()) {
      ObjectNode o = F.objectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        o.set(e.getKey(), normalize(e.getValue()));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = F.arrayNode();
      n.forEach(x -> a.add(normalize(x)));
      return a;
    }
    return n;
  }
}
