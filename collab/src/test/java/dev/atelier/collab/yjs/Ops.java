package dev.atelier.collab.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builders for the shared op format of {@code src/test/js/ops.mjs} (read there for the format). The
 * same op object is applied to a yjs doc by the harness and to a Java doc by {@link OpApplier}.
 */
public final class Ops {

  private static final ObjectMapper JSON = YjsProcess.json();

  private Ops() {}

  /** Marker values that create a nested shared type where a value is expected. */
  public static final ObjectNode NEW_TEXT = JSON.createObjectNode().put("$y", "text");

  public static final ObjectNode NEW_MAP = JSON.createObjectNode().put("$y", "map");
  public static final ObjectNode NEW_ARRAY = JSON.createObjectNode().put("$y", "array");

  /** A binary value. */
  public static ObjectNode bytes(byte[] b) {
    return JSON.createObjectNode().put("$bin", Base64.getEncoder().encodeToString(b));
  }

  private static ObjectNode op(String t, String root, List<?> path) {
    ObjectNode op = JSON.createObjectNode().put("t", t).put("root", root);
    if (path != null && !path.isEmpty()) {
      ArrayNode p = op.putArray("path");
      for (Object step : path) {
        if (step instanceof Integer i) {
          p.add(i);
        } else {
          p.add((String) step);
        }
      }
    }
    return op;
  }

  public static ObjectNode textInsert(String root, int index, String text) {
    return op("text.insert", root, null).put("index", index).put("text", text);
  }

  public static ObjectNode textInsert(
      String root, List<?> path, int index, String text, Map<String, ?> attrs) {
    ObjectNode op = op("text.insert", root, path).put("index", index).put("text", text);
    if (attrs != null) {
      op.set("attrs", JSON.valueToTree(attrs));
    }
    return op;
  }

  public static ObjectNode textDelete(String root, int index, int len) {
    return textDelete(root, null, index, len);
  }

  public static ObjectNode textDelete(String root, List<?> path, int index, int len) {
    return op("text.delete", root, path).put("index", index).put("len", len);
  }

  public static ObjectNode textFormat(String root, int index, int len, Map<String, ?> attrs) {
    ObjectNode op = op("text.format", root, null).put("index", index).put("len", len);
    op.set("attrs", JSON.valueToTree(attrs));
    return op;
  }

  public static ObjectNode mapSet(String root, String key, Object value) {
    return mapSet(root, null, key, value);
  }

  public static ObjectNode mapSet(String root, List<?> path, String key, Object value) {
    ObjectNode op = op("map.set", root, path).put("key", key);
    op.set("value", value instanceof JsonNode n ? n : JSON.valueToTree(value));
    return op;
  }

  public static ObjectNode mapDelete(String root, String key) {
    return op("map.delete", root, null).put("key", key);
  }

  public static ObjectNode arrayInsert(String root, List<?> path, int index, List<?> values) {
    ObjectNode op = op("array.insert", root, path).put("index", index);
    ArrayNode arr = op.putArray("values");
    for (Object v : values) {
      arr.add(v instanceof JsonNode n ? n : JSON.valueToTree(v));
    }
    return op;
  }

  public static ObjectNode arrayDelete(String root, List<?> path, int index, int len) {
    return op("array.delete", root, path).put("index", index).put("len", len);
  }
}
