package dev.atelier.stacks;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stack: everything needed to build a workspace. The file format is a subset of devcontainer.json
 * ({@code name}, {@code image}, {@code containerEnv}, {@code forwardPorts}, {@code postCreateCommand},
 * {@code postStartCommand}) plus {@code customizations.atelier} ({@code tasks}, {@code languageServers},
 * {@code debugAdapters}, {@code resources}). See {@code docs/stacks.md}.
 *
 * @param id short identifier, e.g. {@code python}; for a repository's own stack file, the file name's
 *     stem or {@code repository}
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
    Resources resources) {

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
  }
}
