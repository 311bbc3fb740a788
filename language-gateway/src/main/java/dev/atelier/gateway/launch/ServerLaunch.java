package dev.atelier.gateway.launch;

import dev.atelier.stacks.LanguageServer;
import dev.atelier.stacks.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One language server process to run in a workspace, planned from a stack: its command line, extra
 * environment, the languages it serves and their file globs.
 *
 * <p>Stack entries with the same command share one process ({@code typescript} and {@code
 * javascript} both run {@code typescript-language-server}; {@code c} and {@code cpp} both run
 * {@code clangd}): the server handles both, cross-language navigation works, and the workspace pays
 * for one process instead of two.
 *
 * @param key stable identifier within the workspace: the languages joined with {@code +}
 * @param languages the stack's language ids this process serves, in stack order
 * @param fileGlobs the globs of those languages, by language id
 * @param command the argument vector run through the runtime's exec
 * @param env environment added to the stack's {@code containerEnv}
 * @param notInstalledMessage what users see when the program does not exist in the workspace
 */
public record ServerLaunch(
    String key,
    List<String> languages,
    Map<String, List<String>> fileGlobs,
    List<String> command,
    Map<String, String> env,
    String notInstalledMessage) {

  public ServerLaunch {
    languages = List.copyOf(languages);
    fileGlobs = Map.copyOf(fileGlobs);
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  /** Settings that shape launches independently of the stack. */
  public record Settings(String jdtlsHome) {
    public static final Settings DEFAULT = new Settings(null);
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
    Map<String, String> env = new LinkedHashMap<>();
    List<String> command = argv;
    String notInstalled;
    if (languages.contains("java") && isDefaultJdtls(argv)) {
      command = List.of("/bin/sh", "-c", JdtLanguageServer.launchScript(workspaceId));
      if (settings.jdtlsHome() != null && !settings.jdtlsHome().isBlank()) {
        env.put("JDTLS_HOME", settings.jdtlsHome());
      }
      notInstalled = JdtLanguageServer.NOT_INSTALLED_MESSAGE;
    } else {
      notInstalled =
          displayName(languages.get(0))
              + " language server not installed: `"
              + String.join(
                  " ",
                  argv.size() == 3 && argv.get(0).equals("/bin/sh") ? argv.subList(2, 3) : argv)
              + "` was not found in the workspace (see docs/language-servers.md)";
    }
    return new ServerLaunch(key, languages, globs, command, env, notInstalled);
  }

  /** The built-in java stack says just {@code jdtls}: resolved by {@link JdtLanguageServer}. */
  private static boolean isDefaultJdtls(List<String> argv) {
    return argv.equals(List.of("jdtls")) || argv.equals(List.of("/bin/sh", "-c", "jdtls"));
  }

  /** A human name for a language id, for messages. */
  public static String displayName(String language) {
    return switch (language.toLowerCase(Locale.ROOT)) {
      case "java" -> "Java";
      case "python" -> "Python";
      case "typescript" -> "TypeScript";
      case "javascript" -> "JavaScript";
      case "c" -> "C";
      case "cpp" -> "C++";
      default -> language;
    };
  }

  /** A name for this server in messages: its first language's. */
  public String displayName() {
    return displayName(languages.get(0));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
