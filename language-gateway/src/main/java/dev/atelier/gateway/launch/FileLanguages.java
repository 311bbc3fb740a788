package dev.atelier.gateway.launch;

import dev.atelier.extensions.host.Globs;
import dev.atelier.extensions.host.LanguageTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides which server and LSP language id a workspace file belongs to, from the stack's file
 * globs. The first server (in stack order) with a matching glob wins.
 *
 * <p>Globs follow the devcontainer / VS Code conventions ({@link Globs}); the language id announced
 * for a file is refined by its language's contributed dialects ({@link LanguageTable}).
 */
public final class FileLanguages {

  private record Rule(ServerLaunch server, String language, Pattern pattern) {}

  /** A file's server and the language id to announce in {@code didOpen}. */
  public record Match(ServerLaunch server, String languageId) {}

  private final List<Rule> rules = new ArrayList<>();
  private final LanguageTable table;

  public FileLanguages(List<ServerLaunch> servers, LanguageTable table) {
    this.table = table;
    for (ServerLaunch server : servers) {
      for (String language : server.languages()) {
        for (String glob : server.fileGlobs().getOrDefault(language, List.of())) {
          rules.add(new Rule(server, language, Globs.compile(glob)));
        }
      }
    }
  }

  /** The server for a workspace-relative path, if one of the stack's servers serves it. */
  public Optional<Match> match(String path) {
    for (Rule rule : rules) {
      if (rule.pattern.matcher(path).matches()) {
        return Optional.of(new Match(rule.server, table.lspLanguageId(rule.language, path)));
      }
    }
    return Optional.empty();
  }
}
