package dev.atelier.stacks;

import static dev.atelier.stacks.FieldReader.child;
import static dev.atelier.stacks.FieldReader.index;
import static dev.atelier.stacks.FieldReader.optional;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.stacks.StackException.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses stack files: a subset of devcontainer.json ({@code name}, {@code image}, {@code
 * containerEnv}, {@code forwardPorts}, {@code postCreateCommand}, {@code postStartCommand}) plus
 * {@code customizations.atelier}. Comments and trailing commas are accepted (devcontainer.json is
 * JSONC). Other devcontainer keys ({@code features}, {@code build}, …) are ignored; unknown keys
 * inside {@code customizations.atelier} are errors. Every problem is a {@link StackException}
 * naming the file and the field path. The format is documented in {@code docs/stacks.md}.
 *
 * <p>Thread-safe; all methods are static.
 */
public final class StackParser {

  /** Larger files are rejected before parsing: a stack file is a few kilobytes. */
  public static final int MAX_LENGTH = 1 << 20;

  /** The id a repository's own stack gets when the file name says nothing. */
  public static final String REPOSITORY_ID = "repository";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PORT_STRING =
      Pattern.compile("(?:(localhost|127\\.0\\.0\\.1):)?(\\d{1,5})");
  private static final String PORT_HINT =
      "give a port number from 1 to 65535 (a number, \"3000\" or \"localhost:3000\")";

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private StackParser() {}

  /**
   * Parses a stack file, deriving the id from the file name: {@code stacks/python.json} gets {@code
   * python}; the generic names {@code devcontainer.json}, {@code .devcontainer.json} and {@code
   * stack.json} get {@value #REPOSITORY_ID}.
   *
   * @param sourceName file name or path shown in errors, e.g. {@code
   *     .devcontainer/devcontainer.json}
   * @param json the file content
   * @throws StackException when the file is malformed or a field is invalid
   */
  public static Stack parse(String sourceName, String json) {
    return parse(idFromSourceName(sourceName), sourceName, json);
  }

  /**
   * Parses a stack file under an explicit id. A file without {@code name} is named after the id.
   *
   * @param id the stack id: lowercase letters, digits, {@code . _ -}, at most 64 characters
   * @param sourceName file name or path shown in errors
   * @param json the file content
   * @throws StackException when the file is malformed or a field is invalid
   * @throws IllegalArgumentException when {@code id} is not a valid id
   */
  public static Stack parse(String id, String sourceName, String json) {
    return parse(id, sourceName, json, id);
  }

  static Stack parse(String id, String sourceName, String json, String defaultName) {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(json, "json");
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "invalid stack id \"" + id + "\": use lowercase letters, digits, '.', '_' or '-'");
    }
    FieldReader reader = new FieldReader(sourceName);
    ObjectNode root =
        reader.object("", readTree(sourceName, json), "the file must hold one JSON object { … }");
    String name =
        reader.optionalText(root, "", "name", "give the stack's display name as a string");
    String image =
        reader.optionalText(
            root, "", "image", "give a container image reference such as \"python:3.11\"");
    AtelierSection atelier = AtelierSection.EMPTY;
    JsonNode customizations = optional(root, "customizations");
    if (customizations != null) {
      ObjectNode object =
          reader.object(
              "customizations",
              customizations,
              "give an object keyed by tool, e.g. {\"atelier\": {…}}");
      JsonNode section = optional(object, "atelier");
      if (section != null) {
        atelier = AtelierSection.parse(reader, section);
      }
    }
    return new Stack(
        id,
        name == null ? defaultName : name,
        atelier.description(),
        image,
        containerEnv(reader, optional(root, "containerEnv")),
        forwardPorts(reader, optional(root, "forwardPorts")),
        reader.optionalCommand(root, "", "postCreateCommand"),
        reader.optionalCommand(root, "", "postStartCommand"),
        atelier.tasks(),
        atelier.languageServers(),
        atelier.debugAdapters(),
        atelier.resources(),
        atelier.network());
  }

  /** The id {@link #parse(String, String)} derives from a file name. */
  public static String idFromSourceName(String sourceName) {
    String fileName =
        sourceName.substring(
            Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
    String stem = fileName.toLowerCase(Locale.ROOT);
    if (stem.endsWith(".jsonc")) {
      stem = stem.substring(0, stem.length() - 6);
    } else if (stem.endsWith(".json")) {
      stem = stem.substring(0, stem.length() - 5);
    }
    if (stem.equals("devcontainer")
        || stem.equals(".devcontainer")
        || stem.equals("stack")
        || !ID.matcher(stem).matches()) {
      return REPOSITORY_ID;
    }
    return stem;
  }

  private static JsonNode readTree(String sourceName, String json) {
    if (json.length() > MAX_LENGTH) {
      throw new StackException(
          ErrorCode.MALFORMED_JSON,
          sourceName,
          "",
          "the file is larger than "
              + (MAX_LENGTH >> 10)
              + " KiB, a stack file should be a few KiB");
    }
    JsonNode tree;
    try {
      // Editors on Windows may save a byte order mark; it is not JSON but is not a mistake either.
      tree = MAPPER.readTree(json.startsWith("\uFEFF") ? json.substring(1) : json);
    } catch (JsonProcessingException e) {
      throw malformed(sourceName, e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new StackException(
          ErrorCode.MALFORMED_JSON,
          sourceName,
          "",
          "the file is empty, write a JSON object such as {\"name\": \"My stack\", \"image\": \"python:3.11\"}");
    }
    return tree;
  }

  private static StackException malformed(String sourceName, JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    int line = location == null ? 0 : location.getLineNr();
    int column = location == null ? 0 : location.getColumnNr();
    String path = "";
    if (e instanceof StreamReadException read && read.getProcessor() != null) {
      path = pathOf(read.getProcessor());
    }
    String original = e.getOriginalMessage();
    // Jackson words a duplicate key as "Duplicate field 'x'"; it is a mistake of its own kind.
    if (original != null && original.startsWith("Duplicate field")) {
      return new StackException(
          ErrorCode.DUPLICATE,
          sourceName,
          path,
          original.replace("Duplicate field", "duplicate key") + ", keep only one of them",
          line,
          column,
          e);
    }
    String firstLine = original == null ? "syntax error" : original.lines().findFirst().orElse("");
    return new StackException(
        ErrorCode.MALFORMED_JSON,
        sourceName,
        path,
        "malformed JSON: "
            + firstLine
            + "; fix the syntax (comments and trailing commas are allowed)",
        line,
        column,
        e);
  }

  /**
   * The path of the value the parser was in when it failed, e.g. {@code
   * customizations.atelier.tasks[1]}.
   */
  private static String pathOf(JsonParser parser) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext context = parser.getParsingContext();
        context != null && !context.inRoot();
        context = context.getParent()) {
      chain.push(context);
    }
    String path = "";
    for (JsonStreamContext context : chain) {
      if (context.inArray()) {
        path = index(path, Math.max(context.getCurrentIndex(), 0));
      } else if (context.getCurrentName() != null) {
        path = child(path, context.getCurrentName());
      }
    }
    return path;
  }

  private static Map<String, String> containerEnv(FieldReader reader, JsonNode node) {
    Map<String, String> env = new LinkedHashMap<>();
    if (node == null) {
      return env;
    }
    ObjectNode object =
        reader.object(
            "containerEnv", node, "give an object of string values, e.g. {\"TZ\": \"UTC\"}");
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      String path = child("containerEnv", entry.getKey());
      if (!ENV_NAME.matcher(entry.getKey()).matches()) {
        throw reader.error(
            ErrorCode.INVALID_FIELD,
            path,
            "not a valid environment variable name, use letters, digits and '_' and do not start"
                + " with a digit");
      }
      if (!entry.getValue().isTextual()) {
        throw reader.invalid(
            path,
            entry.getValue(),
            "give the value as a string, e.g. \"" + example(entry.getValue()) + "\"");
      }
      env.put(entry.getKey(), entry.getValue().asText());
    }
    return env;
  }

  private static String example(JsonNode value) {
    return value.isValueNode() && !value.isNull() ? value.asText() : "value";
  }

  private static List<Integer> forwardPorts(FieldReader reader, JsonNode node) {
    List<Integer> ports = new ArrayList<>();
    if (node == null) {
      return ports;
    }
    List<JsonNode> items =
        reader.array("forwardPorts", node, "give an array of port numbers, e.g. [3000]");
    for (int i = 0; i < items.size(); i++) {
      String path = index("forwardPorts", i);
      int port = port(reader, path, items.get(i));
      int previous = ports.indexOf(port);
      if (previous >= 0) {
        throw reader.error(
            ErrorCode.DUPLICATE,
            path,
            "port "
                + port
                + " is already listed at "
                + index("forwardPorts", previous)
                + ", list each port once");
      }
      ports.add(port);
    }
    return ports;
  }

  private static int port(FieldReader reader, String path, JsonNode item) {
    long port;
    if (item.isIntegralNumber() && item.canConvertToLong()) {
      port = item.longValue();
    } else if (item.isTextual()) {
      Matcher matcher = PORT_STRING.matcher(item.asText().trim());
      if (!matcher.matches()) {
        throw reader.invalid(
            path,
            item,
            PORT_HINT + "; ports of other hosts (\"db:5432\", Docker Compose) are not supported");
      }
      port = Long.parseLong(matcher.group(2));
    } else {
      throw reader.invalid(path, item, PORT_HINT);
    }
    if (port < 1 || port > 65535) {
      throw reader.invalid(path, item, "out of range, " + PORT_HINT);
    }
    return (int) port;
  }
}
