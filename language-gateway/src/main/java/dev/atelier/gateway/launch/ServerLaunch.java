package dev.atelier.gateway.launch;

import dev.atelier.extensions.LanguageContribution.ServerLaunchPlan;
import dev.atelier.extensions.LanguageContribution.ServerLaunchRequest;
import dev.atelier.extensions.host.LanguageTable;
import dev.atelier.stacks.LanguageServer;
import dev.atelier.stacks.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One language server process to run in a workspace, planned from a stack: its command line, extra
 * environment, the languages it serves and their file globs.
 *
 * <p>Stack entries with the same command share one process (two languages served by one program run
 * it once): the server handles both, cross-language navigation works, and the workspace pays for
 * one process instead of two. The command is the stack's unless the first language's contributed
 * {@code ServerLauncher} plans another (an extension knows how its server starts).
 *
 * @param key stable identifier within the workspace: the languages joined with {@code +}
 * @param languages the stack's language ids this process serves, in stack order
 * @param fileGlobs the globs of those languages, by language id
 * @param command the argument vector run through the runtime's exec
 * @param env environment added to the stack's {@code containerEnv}
 * @param notInstalledMessage what users see when the program does not exist in the workspace
 * @param displayName a name for this server in messages: its first language's
 */
public record ServerLaunch(
    String key,
    List<String> languages,
    Map<String, List<String>> fileGlobs,
    List<String> command,
    Map<String, String> env,
    String notInstalledMessage,
    String displayName) {

  public ServerLaunch {
    languages = List.copyOf(languages);
    fileGlobs = Map.copyOf(fileGlobs);
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  /**
   * Settings that shape launches independently of the stack.
   *
   * @param values settings for language launchers by name (e.g. {@code jdtls-home})
   * @param languages the contributed languages (names, dialects, launchers)
   */
  public record Settings(Map<String, String> values, LanguageTable languages) {
    public static final Settings DEFAULT = new Settings(Map.of(), LanguageTable.EMPTY);

    public Settings {
      values = Map.copyOf(values);
      java.util.Objects.requireNonNull(languages, "languages");
    }
  }

  /** The processes a stack's {@code languageServers} need, in stack order. */
  public static List<ServerLaunch> plan(String workspaceId, Stack stack, Settings settings) {
    Map<List<String>, List<LanguageServer>> byCommand = new LinkedHashMap<>();
    for (LanguageServer server : stack.languageServers()) {
      byCommand.computeIfAbsent(server.command().toArgv(), k -> new ArrayList<>()).add(server);
    }
    List<ServerLaunch> launches = new ArrayList<>();
    for (var entry : byCommand.entrySet()) {
      launches.add(of(workspaceId, entry.getKey(), entry.getValue(), settings));
    }
    return launches;
  }

  private static ServerLaunch of(
      String workspaceId, List<String> argv, List<LanguageServer> servers, Settings settings) {
    List<String> languages = servers.stream().map(LanguageServer::language).toList();
    Map<String, List<String>> globs = new LinkedHashMap<>();
    servers.forEach(s -> globs.merge(s.language(), s.fileGlobs(), ServerLaunch::concat));
    String key = String.join("+", languages);
    String displayName = settings.languages().displayName(languages.get(0));
    Optional<ServerLaunchPlan> plan =
        settings
            .languages()
            .launch(
                languages.get(0),
                new ServerLaunchRequest(
                    workspaceId, argv, name -> Optional.ofNullable(settings.values().get(name))));
    if (plan.isPresent()) {
      String notInstalled = plan.get().notInstalledMessage();
      return new ServerLaunch(
          key,
          languages,
          globs,
          plan.get().command(),
          plan.get().env(),
          notInstalled != null ? notInstalled : notInstalledMessage(displayName, argv),
          displayName);
    }
    return new ServerLaunch(
        key, languages, globs, argv, Map.of(), notInstalledMessage(displayName, argv), displayName);
  }

  private static String notInstalledMessage(String displayName, List<String> argv) {
    return displayName
        + " language server not installed: `"
        + String.join(
            " ", argv.size() == 3 && argv.get(0).equals("/bin/sh") ? argv.subList(2, 3) : argv)
        + "` was not found in the workspace (see docs/language-servers.md)";
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
