package dev.atelier.server.language;

import dev.atelier.extensions.host.LanguageTable;
import dev.atelier.gateway.launch.FileLanguages;
import dev.atelier.gateway.launch.ServerLaunch;
import dev.atelier.gateway.spi.WorkspaceStacks;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the workbench page needs to wire an editor to the language servers: whether the workspace's
 * stack has a server for a file, and where the browser connects.
 */
@Component
public class LanguageServers {

  private final WorkspaceStacks stacks;
  private final LanguageTable languages;

  LanguageServers(WorkspaceStacks stacks, LanguageTable languages) {
    this.stacks = stacks;
    this.languages = languages;
  }

  /**
   * The editor syntax for {@code path} from the contributed languages' file patterns ({@code
   * python}, {@code tsx}, …), empty for plain text.
   */
  public Optional<String> syntaxOf(String path) {
    return languages.syntaxOf(path);
  }

  /**
   * The LSP language id of {@code path} when the workspace's stack runs a language server for it
   * ({@code python}, {@code typescriptreact}, {@code java}, …), else empty. A server that is not
   * installed still counts: the editor then says so.
   */
  public Optional<String> languageOf(String workspaceId, String path) {
    return stacks
        .stackOf(workspaceId)
        .flatMap(
            stack ->
                new FileLanguages(
                        ServerLaunch.plan(
                            workspaceId, stack, new ServerLaunch.Settings(Map.of(), languages)),
                        languages)
                    .match(path))
        .map(FileLanguages.Match::languageId);
  }

  /** The path of the workspace's LSP socket on this server ({@code /lsp/{workspaceId}}). */
  public static String socketPath(String workspaceId) {
    return LanguageSocketHandler.PREFIX + workspaceId;
  }
}
