package dev.atelier.stacks;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stack: everything needed to build a workspace. The file format is a subset of devcontainer.json
 * ({@code name}, {@code image}, {@code containerEnv}, {@code forwardPorts}, {@code
 * postCreateCommand}, {@code postStartCommand}) plus {@code customizations.atelier} ({@code tasks},
 * {@code languageServers}, {@code debugAdapters}, {@code resources}, {@code network}). See {@code
 * docs/stacks.md}.
 *
 * @param id short identifier, e.g. {@code python}; for a repository's own stack file, the file
 *     name's stem or {@code repository}
 * @param name human readable name
 * @param description one line shown in the catalog, may be empty
 * @param image container image; informational for the local runtime, used by Kubernetes
 * @param containerEnv environment variables for every workspace process
 * @param forwardPorts ports the workspace is expected to serve
 * @param postCreateCommand run once after the content is initialised, may be {@code null}
 * @param postStartCommand run on every start, may be {@code null}
 * @param tasks build / run / test tasks
 * @param languageServers language servers, started by the language gateway
 * @param debugAdapters debug adapters
 * @param resources resource limits
 * @param network the network the workspace asks for ({@link NetworkAccess#DEFAULT} when absent)
 */
public record Stack(
    String id,
    String name,
    String description,
    String image,
    Map<String, String> containerEnv,
    List<Integer> forwardPorts,
    Command postCreateCommand,
    Command postStartCommand,
    List<Task> tasks,
    List<LanguageServer> languageServers,
    List<DebugAdapter> debugAdapters,
    Resources resources,
    NetworkAccess network) {

  public Stack {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    containerEnv = containerEnv == null ? Map.of() : Map.copyOf(containerEnv);
    forwardPorts = forwardPorts == null ? List.of() : List.copyOf(forwardPorts);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    languageServers = languageServers == null ? List.of() : List.copyOf(languageServers);
    debugAdapters = debugAdapters == null ? List.of() : List.copyOf(debugAdapters);
    resources = resources == null ? Resources.UNLIMITED : resources;
    network = network == null ? NetworkAccess.DEFAULT : network;
  }

  /** A stack that asks for the server's default network. */
  public Stack(
      String id,
      String name,
      String description,
      String image,
      Map<String, String> containerEnv,
      List<Integer> forwardPorts,
      Command postCreateCommand,
      Command postStartCommand,
      List<Task> tasks,
      List<LanguageServer> languageServers,
      List<DebugAdapter> debugAdapters,
      Resources resources) {
    this(
        id,
        name,
        description,
        image,
        containerEnv,
        forwardPorts,
        postCreateCommand,
        postStartCommand,
        tasks,
        languageServers,
        debugAdapters,
        resources,
        NetworkAccess.DEFAULT);
  }

  /** This stack with other resource limits (e.g. the ones a server allows), all else kept. */
  public Stack withResources(Resources limits) {
    return new Stack(
        id,
        name,
        description,
        image,
        containerEnv,
        forwardPorts,
        postCreateCommand,
        postStartCommand,
        tasks,
        languageServers,
        debugAdapters,
        limits,
        network);
  }

  /** The task called {@code name}, if the stack defines one. */
  public Optional<Task> task(String name) {
    return tasks.stream().filter(task -> task.name().equals(name)).findFirst();
  }

  /** The tasks of one group, in file order. */
  public List<Task> tasks(TaskGroup group) {
    return tasks.stream().filter(task -> task.group() == group).toList();
  }

  /** The language server for an LSP language id, if the stack defines one. */
  public Optional<LanguageServer> languageServer(String language) {
    return languageServers.stream()
        .filter(server -> server.language().equals(language))
        .findFirst();
  }

  /** The debug adapter for a debug type, if the stack defines one. */
  public Optional<DebugAdapter> debugAdapter(String type) {
    return debugAdapters.stream().filter(adapter -> adapter.type().equals(type)).findFirst();
  }
}
