package dev.atelier.stacks;

import static dev.atelier.stacks.FieldReader.child;
import static dev.atelier.stacks.FieldReader.index;
import static dev.atelier.stacks.FieldReader.optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.stacks.StackException.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code customizations.atelier} object. Unlike the devcontainer keys around it, every key in
 * here is checked: a misspelt key is an error, not a silently missing task.
 */
record AtelierSection(
    String description,
    List<Task> tasks,
    List<LanguageServer> languageServers,
    List<DebugAdapter> debugAdapters,
    Resources resources,
    NetworkAccess network) {

  static final String PATH = "customizations.atelier";

  static final AtelierSection EMPTY =
      new AtelierSection(
          "", List.of(), List.of(), List.of(), Resources.UNLIMITED, NetworkAccess.DEFAULT);

  private static final Set<String> KEYS =
      Set.of("description", "tasks", "languageServers", "debugAdapters", "resources", "network");
  private static final Set<String> TASK_KEYS = Set.of("name", "command", "group");
  private static final Set<String> LANGUAGE_SERVER_KEYS =
      Set.of("language", "fileGlobs", "command");
  private static final Set<String> DEBUG_ADAPTER_KEYS = Set.of("type", "command");
  private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory", "pids");
  private static final String GROUP_HINT = "give one of \"build\", \"run\", \"test\"";

  static AtelierSection parse(FieldReader reader, JsonNode node) {
    ObjectNode atelier =
        reader.object(
            PATH, node, "give an object with tasks, languageServers, debugAdapters, resources");
    reader.rejectUnknownKeys(atelier, PATH, KEYS);
    String description =
        reader.optionalText(
            atelier, PATH, "description", "give a one-line description as a string");
    return new AtelierSection(
        description,
        tasks(reader, optional(atelier, "tasks")),
        languageServers(reader, optional(atelier, "languageServers")),
        debugAdapters(reader, optional(atelier, "debugAdapters")),
        resources(reader, optional(atelier, "resources")),
        network(reader, optional(atelier, "network")));
  }

  private static NetworkAccess network(FieldReader reader, JsonNode node) {
    if (node == null) {
      return NetworkAccess.DEFAULT;
    }
    String hint =
        "give \"none\" (loopback only) or \"default\" (the outbound access the server allows)";
    String path = child(PATH, "network");
    NetworkAccess access = NetworkAccess.fromId(reader.text(path, node, hint));
    if (access == null) {
      throw reader.invalid(path, node, hint);
    }
    return access;
  }

  private static List<Task> tasks(FieldReader reader, JsonNode node) {
    List<Task> tasks = new ArrayList<>();
    if (node == null) {
      return tasks;
    }
    String path = child(PATH, "tasks");
    Map<String, Integer> seen = new HashMap<>();
    List<JsonNode> items =
        reader.array(path, node, "give an array of {\"name\", \"command\", \"group\"} objects");
    for (int i = 0; i < items.size(); i++) {
      String itemPath = index(path, i);
      ObjectNode task =
          reader.object(
              itemPath, items.get(i), "give an object with \"name\", \"command\" and \"group\"");
      reader.rejectUnknownKeys(task, itemPath, TASK_KEYS);
      String name =
          reader.requireText(task, itemPath, "name", "give the task a name such as \"build\"");
      Integer previous = seen.putIfAbsent(name, i);
      if (previous != null) {
        throw reader.error(
            ErrorCode.DUPLICATE,
            child(itemPath, "name"),
            "task \""
                + name
                + "\" is already defined at "
                + index(path, previous)
                + ", give each task its own name");
      }
      Command command = reader.requireCommand(task, itemPath, "command");
      String groupText = reader.requireText(task, itemPath, "group", GROUP_HINT);
      TaskGroup group = TaskGroup.fromId(groupText);
      if (group == null) {
        throw reader.invalid(child(itemPath, "group"), task.get("group"), GROUP_HINT);
      }
      tasks.add(new Task(name, command, group));
    }
    return tasks;
  }

  private static List<LanguageServer> languageServers(FieldReader reader, JsonNode node) {
    List<LanguageServer> servers = new ArrayList<>();
    if (node == null) {
      return servers;
    }
    String path = child(PATH, "languageServers");
    Map<String, Integer> seen = new HashMap<>();
    List<JsonNode> items =
        reader.array(
            path, node, "give an array of {\"language\", \"fileGlobs\", \"command\"} objects");
    for (int i = 0; i < items.size(); i++) {
      String itemPath = index(path, i);
      ObjectNode server =
          reader.object(
              itemPath,
              items.get(i),
              "give an object with \"language\", \"fileGlobs\" and \"command\"");
      reader.rejectUnknownKeys(server, itemPath, LANGUAGE_SERVER_KEYS);
      String language =
          reader.requireText(
              server, itemPath, "language", "give the LSP language id, e.g. \"python\"");
      Integer previous = seen.putIfAbsent(language, i);
      if (previous != null) {
        throw reader.error(
            ErrorCode.DUPLICATE,
            child(itemPath, "language"),
            "language \""
                + language
                + "\" already has a server at "
                + index(path, previous)
                + ", keep one server per language");
      }
      List<String> globs = fileGlobs(reader, server, itemPath);
      servers.add(
          new LanguageServer(language, globs, reader.requireCommand(server, itemPath, "command")));
    }
    return servers;
  }

  private static List<String> fileGlobs(FieldReader reader, ObjectNode server, String itemPath) {
    String hint = "give a non-empty array of glob strings, e.g. [\"**/*.py\"]";
    String path = child(itemPath, "fileGlobs");
    JsonNode node = optional(server, "fileGlobs");
    if (node == null) {
      throw reader.missing(path, hint);
    }
    List<JsonNode> items = reader.array(path, node, hint);
    if (items.isEmpty()) {
      throw reader.invalid(path, node, hint);
    }
    List<String> globs = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      globs.add(
          reader.text(index(path, i), items.get(i), "give a glob string such as \"**/*.py\""));
    }
    return globs;
  }

  private static List<DebugAdapter> debugAdapters(FieldReader reader, JsonNode node) {
    List<DebugAdapter> adapters = new ArrayList<>();
    if (node == null) {
      return adapters;
    }
    String path = child(PATH, "debugAdapters");
    Map<String, Integer> seen = new HashMap<>();
    List<JsonNode> items =
        reader.array(path, node, "give an array of {\"type\", \"command\"} objects");
    for (int i = 0; i < items.size(); i++) {
      String itemPath = index(path, i);
      ObjectNode adapter =
          reader.object(itemPath, items.get(i), "give an object with \"type\" and \"command\"");
      reader.rejectUnknownKeys(adapter, itemPath, DEBUG_ADAPTER_KEYS);
      String type =
          reader.requireText(adapter, itemPath, "type", "give the debug type, e.g. \"python\"");
      Integer previous = seen.putIfAbsent(type, i);
      if (previous != null) {
        throw reader.error(
            ErrorCode.DUPLICATE,
            child(itemPath, "type"),
            "debug type \""
                + type
                + "\" is already defined at "
                + index(path, previous)
                + ", keep one adapter per type");
      }
      adapters.add(new DebugAdapter(type, reader.requireCommand(adapter, itemPath, "command")));
    }
    return adapters;
  }

  private static Resources resources(FieldReader reader, JsonNode node) {
    if (node == null) {
      return Resources.UNLIMITED;
    }
    String path = child(PATH, "resources");
    ObjectNode resources =
        reader.object(path, node, "give an object with \"cpu\", \"memory\" and/or \"pids\"");
    reader.rejectUnknownKeys(resources, path, RESOURCE_KEYS);
    JsonNode cpu = optional(resources, "cpu");
    JsonNode memory = optional(resources, "memory");
    JsonNode pids = optional(resources, "pids");
    return new Resources(
        cpu == null ? 0 : Quantities.cpuMillis(reader, child(path, "cpu"), cpu),
        memory == null ? 0 : Quantities.memoryBytes(reader, child(path, "memory"), memory),
        pids == null ? 0 : pids(reader, child(path, "pids"), pids));
  }

  private static long pids(FieldReader reader, String path, JsonNode node) {
    String hint = "give the maximum number of processes as a whole number from 1, e.g. 512";
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
      throw reader.invalid(path, node, hint);
    }
    return node.longValue();
  }
}
