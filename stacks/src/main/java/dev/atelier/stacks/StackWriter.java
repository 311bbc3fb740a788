package dev.atelier.stacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.TreeMap;

/**
 * Writes a {@link Stack} back in the stack file format, so that {@code StackParser.parse(id,
 * source, StackWriter.toJson(stack))} equals {@code stack}. Used to show a stack's definition and
 * to turn a catalog stack into a file a user can commit to a repository ({@code
 * .atelier/stack.json}). The id is not part of the file: it comes from the catalog or the file
 * name.
 */
public final class StackWriter {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StackWriter() {}

  /** The stack as a pretty-printed stack file. */
  public static String toJson(Stack stack) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(stack));
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises; this would be a Jackson defect.
      throw new UncheckedIOException(e);
    }
  }

  /** The stack as a JSON tree in the stack file format. */
  public static ObjectNode toTree(Stack stack) {
    ObjectNode root = NODES.objectNode();
    root.put("name", stack.name());
    if (stack.image() != null) {
      root.put("image", stack.image());
    }
    if (!stack.containerEnv().isEmpty()) {
      ObjectNode env = root.putObject("containerEnv");
      new TreeMap<>(stack.containerEnv()).forEach(env::put);
    }
    if (!stack.forwardPorts().isEmpty()) {
      ArrayNode ports = root.putArray("forwardPorts");
      stack.forwardPorts().forEach(ports::add);
    }
    if (stack.postCreateCommand() != null) {
      root.set("postCreateCommand", command(stack.postCreateCommand()));
    }
    if (stack.postStartCommand() != null) {
      root.set("postStartCommand", command(stack.postStartCommand()));
    }
    ObjectNode atelier = NODES.objectNode();
    if (!stack.description().isEmpty()) {
      atelier.put("description", stack.description());
    }
    if (!stack.tasks().isEmpty()) {
      ArrayNode tasks = atelier.putArray("tasks");
      for (Task task : stack.tasks()) {
        ObjectNode node = tasks.addObject().put("name", task.name());
        node.set("command", command(task.command()));
        node.put("group", task.group().id());
      }
    }
    if (!stack.languageServers().isEmpty()) {
      ArrayNode servers = atelier.putArray("languageServers");
      for (LanguageServer server : stack.languageServers()) {
        ObjectNode node = servers.addObject().put("language", server.language());
        ArrayNode globs = node.putArray("fileGlobs");
        server.fileGlobs().forEach(globs::add);
        node.set("command", command(server.command()));
      }
    }
    if (!stack.debugAdapters().isEmpty()) {
      ArrayNode adapters = atelier.putArray("debugAdapters");
      for (DebugAdapter adapter : stack.debugAdapters()) {
        adapters.addObject().put("type", adapter.type()).set("command", command(adapter.command()));
      }
    }
    Resources resources = stack.resources();
    if (!resources.equals(Resources.UNLIMITED)) {
      ObjectNode node = atelier.putObject("resources");
      if (resources.cpuMillis() > 0) {
        if (resources.cpuMillis() % 1000 == 0) {
          node.put("cpu", resources.cpuMillis() / 1000);
        } else {
          node.put("cpu", resources.cpuMillis() + "m");
        }
      }
      if (resources.memoryBytes() > 0) {
        node.put("memory", Quantities.formatMemory(resources.memoryBytes()));
      }
      if (resources.pids() > 0) {
        node.put("pids", resources.pids());
      }
    }
    if (stack.network() != NetworkAccess.DEFAULT) {
      atelier.put("network", stack.network().id());
    }
    if (!atelier.isEmpty()) {
      root.putObject("customizations").set("atelier", atelier);
    }
    return root;
  }

  private static JsonNode command(Command command) {
    if (command.shell() != null) {
      return NODES.textNode(command.shell());
    }
    ArrayNode argv = NODES.arrayNode();
    command.argv().forEach(argv::add);
    return argv;
  }
}
