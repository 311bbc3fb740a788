package dev.atelier.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.stacks.StackException.ErrorCode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to a JSON tree that turns every mismatch into a {@link StackException} naming the
 * source file, the field path and what to write instead. One instance per parsed file.
 */
final class FieldReader {

  static final String COMMAND_HINT = "give the command to run as a string or an array of strings";

  private final String sourceName;

  FieldReader(String sourceName) {
    this.sourceName = sourceName;
  }

  String sourceName() {
    return sourceName;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  StackException error(ErrorCode code, String path, String detail) {
    return new StackException(code, sourceName, path, detail);
  }

  StackException missing(String path, String hint) {
    return error(ErrorCode.MISSING_FIELD, path, "required, " + hint);
  }

  StackException invalid(String path, JsonNode found, String hint) {
    return error(ErrorCode.INVALID_FIELD, path, "found " + describe(found) + ", " + hint);
  }

  /** Human wording of a JSON value's type, with a short excerpt of scalars. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return node.isEmpty() ? "an empty array" : "an array";
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    if (node.isNumber()) {
      return "the number " + node.asText();
    }
    String text = node.asText();
    if (text.isBlank()) {
      return "an empty string";
    }
    return "the string \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
  }

  /**
   * The value of {@code key}, or {@code null} when absent; an explicit JSON null counts as absent.
   */
  static JsonNode optional(ObjectNode object, String key) {
    JsonNode value = object.get(key);
    return value == null || value.isNull() ? null : value;
  }

  ObjectNode object(String path, JsonNode node, String hint) {
    if (node == null || !node.isObject()) {
      throw invalid(path, node, hint);
    }
    return (ObjectNode) node;
  }

  ObjectNode requireObject(ObjectNode parent, String parentPath, String key, String hint) {
    JsonNode value = optional(parent, key);
    String path = child(parentPath, key);
    if (value == null) {
      throw missing(path, hint);
    }
    return object(path, value, hint);
  }

  List<JsonNode> array(String path, JsonNode node, String hint) {
    if (!node.isArray()) {
      throw invalid(path, node, hint);
    }
    List<JsonNode> items = new ArrayList<>(node.size());
    node.forEach(items::add);
    return items;
  }

  /** A non-blank string. */
  String text(String path, JsonNode node, String hint) {
    if (!node.isTextual() || node.asText().isBlank()) {
      throw invalid(path, node, hint);
    }
    return node.asText();
  }

  String optionalText(ObjectNode parent, String parentPath, String key, String hint) {
    JsonNode value = optional(parent, key);
    return value == null ? null : text(child(parentPath, key), value, hint);
  }

  String requireText(ObjectNode parent, String parentPath, String key, String hint) {
    JsonNode value = optional(parent, key);
    String path = child(parentPath, key);
    if (value == null) {
      throw missing(path, hint);
    }
    return text(path, value, hint);
  }

  /** A string command ({@code /bin/sh -c}) or a non-empty array of strings (an argument vector). */
  Command command(String path, JsonNode node) {
    if (node.isTextual()) {
      return Command.shell(text(path, node, COMMAND_HINT));
    }
    if (node.isObject()) {
      throw error(
          ErrorCode.INVALID_FIELD,
          path,
          "the object form (several commands in parallel) is not supported, give one command as a"
              + " string or an array of strings (chain several with &&)");
    }
    if (!node.isArray() || node.isEmpty()) {
      throw invalid(path, node, COMMAND_HINT);
    }
    List<String> argv = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      String elementPath = index(path, i);
      if (!element.isTextual()) {
        throw invalid(elementPath, element, "every element of a command array must be a string");
      }
      if (i == 0 && element.asText().isBlank()) {
        throw invalid(elementPath, element, "the first element must name the program to run");
      }
      argv.add(element.asText());
    }
    return Command.argv(argv);
  }

  Command optionalCommand(ObjectNode parent, String parentPath, String key) {
    JsonNode value = optional(parent, key);
    return value == null ? null : command(child(parentPath, key), value);
  }

  Command requireCommand(ObjectNode parent, String parentPath, String key) {
    JsonNode value = optional(parent, key);
    String path = child(parentPath, key);
    if (value == null) {
      throw missing(path, COMMAND_HINT);
    }
    return command(path, value);
  }

  /**
   * Rejects keys the format does not define, so that a typo ({@code "taks"}) is reported instead of
   * silently ignored.
   */
  void rejectUnknownKeys(ObjectNode object, String path, Set<String> known) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        String suggestion = closest(name, known);
        throw error(
            ErrorCode.UNKNOWN_FIELD,
            child(path, name),
            "unknown key"
                + (suggestion == null ? "" : ", did you mean \"" + suggestion + "\"?")
                + " Allowed keys here: "
                + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  /**
   * The known key within edit distance 2 of {@code name}, if any: most typos are one or two keys.
   */
  private static String closest(String name, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : new TreeSet<>(known)) {
      int distance = distance(name.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
