package dev.atelier.collab.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.collab.yjs.YjsProcess;
import java.util.Random;

/**
 * Random ops in the shared op format, with positions as fractions ({@code at}) so the same op is
 * meaningful on any peer whatever its current length.
 */
final class RandomOps {

  private static final ObjectMapper JSON = YjsProcess.json();
  private static final String[] PIECES = {"a", "b", "c", "de", "fgh", " ", "\n", "é", "漢", "😀"};

  private final Random rnd;

  RandomOps(Random rnd) {
    this.rnd = rnd;
  }

  ObjectNode next() {
    int r = rnd.nextInt(100);
    if (r < 40) {
      ObjectNode op = op("text.insert", "text").put("text", randomText());
      if (rnd.nextInt(10) == 0) {
        op.set("attrs", randomAttrs());
      }
      return op;
    }
    if (r < 60) {
      return op("text.delete", "text").put("len", 1 + rnd.nextInt(5));
    }
    if (r < 72) {
      ObjectNode op = op("text.format", "text").put("len", 1 + rnd.nextInt(8));
      op.set("attrs", randomAttrs());
      return op;
    }
    if (r < 90) {
      ObjectNode op = JSON.createObjectNode().put("t", "map.set").put("root", "m");
      op.put("key", "k" + rnd.nextInt(8));
      op.set("value", JSON.valueToTree(randomValue(0)));
      return op;
    }
    if (r < 93) {
      return JSON.createObjectNode()
          .put("t", "map.delete")
          .put("root", "m")
          .put("key", "k" + rnd.nextInt(8));
    }
    if (r < 98) {
      ObjectNode op = op("array.insert", "a");
      ArrayNode values = op.putArray("values");
      for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
        values.add(JSON.valueToTree(randomValue(1)));
      }
      return op;
    }
    return op("array.delete", "a").put("len", 1 + rnd.nextInt(3));
  }

  private ObjectNode op(String t, String root) {
    return JSON.createObjectNode().put("t", t).put("root", root).put("at", rnd.nextDouble());
  }

  private String randomText() {
    StringBuilder sb = new StringBuilder();
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      // Astral characters: the op format never splits them (see ops.mjs).
      int k = rnd.nextInt(100) < 3 ? PIECES.length - 1 : rnd.nextInt(PIECES.length - 1);
      sb.append(PIECES[k]);
    }
    return sb.toString();
  }

  private ObjectNode randomAttrs() {
    ObjectNode attrs = JSON.createObjectNode();
    switch (rnd.nextInt(6)) {
      case 0 -> attrs.put("bold", true);
      case 1 -> attrs.putNull("bold");
      case 2 -> attrs.put("italic", true);
      case 3 -> attrs.putNull("italic");
      case 4 -> attrs.put("color", "#" + rnd.nextInt(4));
      default -> attrs.put("bold", true).put("color", "#" + rnd.nextInt(4));
    }
    return attrs;
  }

  private Object randomValue(int depth) {
    switch (rnd.nextInt(depth > 0 ? 6 : 8)) {
      case 0:
        return rnd.nextInt(2000) - 1000;
      case 1:
        return "s" + rnd.nextInt(100);
      case 2:
        return rnd.nextBoolean();
      case 3:
        return null;
      case 4:
        return rnd.nextInt(1000) / 8.0;
      case 5:
        return rnd.nextDouble();
      case 6:
        {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          for (int i = rnd.nextInt(3); i > 0; i--) {
            m.put("p" + rnd.nextInt(5), randomValue(depth + 1));
          }
          return m;
        }
      default:
        {
          java.util.List<Object> l = new java.util.ArrayList<>();
          for (int i = rnd.nextInt(3); i > 0; i--) {
            l.add(randomValue(depth + 1));
          }
          return l;
        }
    }
  }
}
