package dev.atelier.extensions;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A language: which files belong to it, how the editor highlights them, and (optionally) how its
 * language server is launched when a stack names it.
 *
 * <p>File patterns decide the editor's syntax; which files go to a language server is decided by
 * the stack's own {@code fileGlobs} (a stack knows its project). Patterns are globs over the
 * workspace-relative path: {@code *} within a segment, {@code **} across segments, {@code {a,b}}
 * alternatives ({@code **}{@code /*.py}, {@code **}{@code /pom.xml}).
 *
 * @param id the language id stacks use in {@code languageServers} (and LSP's), e.g. {@code python}
 * @param displayName for messages, e.g. {@code Python}
 * @param filePatterns the files of this language
 * @param editorSyntax the editor's syntax id (Atelier's editor knows {@code java}, {@code python},
 *     {@code javascript}, {@code jsx}, {@code typescript}, {@code tsx}, {@code cpp}, {@code json},
 *     {@code yaml}, {@code markdown}, {@code xml}, {@code html}, {@code css}, {@code shell}), or
 *     {@code null} for plain text
 * @param dialects files announced to the language server under another language id (TypeScript's
 *     {@code .tsx} files are {@code typescriptreact}), first match wins
 * @param serverLauncher how to start the language server a stack names, or {@code null} to run the
 *     stack's command as it is
 */
public record LanguageContribution(
    String id,
    String displayName,
    List<String> filePatterns,
    String editorSyntax,
    List<Dialect> dialects,
    ServerLauncher serverLauncher) {

  public LanguageContribution {
    Ids.id("language id", id);
    Ids.text("language display name", displayName, 60);
    filePatterns = List.copyOf(filePatterns);
    filePatterns.forEach(p -> Ids.text("file pattern", p, 200));
    if (editorSyntax != null) {
      Ids.id("editor syntax", editorSyntax);
    }
    dialects = List.copyOf(dialects);
  }

  /** A language with patterns and a syntax, no dialects, the stack's command as it is. */
  public static LanguageContribution of(
      String id, String displayName, String editorSyntax, String... filePatterns) {
    return new LanguageContribution(
        id, displayName, List.of(filePatterns), editorSyntax, List.of(), null);
  }

  /** This language with a server launcher. */
  public LanguageContribution withServerLauncher(ServerLauncher launcher) {
    return new LanguageContribution(
        id, displayName, filePatterns, editorSyntax, dialects, launcher);
  }

  /** This language with dialects. */
  public LanguageContribution withDialects(Dialect... more) {
    return new LanguageContribution(
        id, displayName, filePatterns, editorSyntax, List.of(more), serverLauncher);
  }

  /**
   * Files matching {@code filePattern} are announced to the language server as {@code languageId}.
   */
  public record Dialect(String filePattern, String languageId) {
    public Dialect {
      Ids.text("dialect file pattern", filePattern, 200);
      Ids.id("dialect language id", languageId);
    }
  }

  /**
   * Starts a language's server inside a workspace. Asked with the command the stack names; returns
   * a different launch when it knows better (JDT LS is an OSGi application, not one program), or
   * empty to run the stack's command unchanged.
   */
  @FunctionalInterface
  public interface ServerLauncher {

    Optional<ServerLaunchPlan> plan(ServerLaunchRequest request);
  }

  /**
   * @param workspaceId the workspace (ids are {@code [A-Za-z0-9._-]+})
   * @param command the stack's command as an argument vector
   * @param settings server settings by name (Atelier: {@code jdtls-home}); empty when unset
   */
  public record ServerLaunchRequest(
      String workspaceId,
      List<String> command,
      java.util.function.Function<String, Optional<String>> settings) {
    public ServerLaunchRequest {
      Objects.requireNonNull(workspaceId, "workspaceId");
      command = List.copyOf(command);
      Objects.requireNonNull(settings, "settings");
    }
  }

  /**
   * @param command the argument vector run through the workspace's exec
   * @param env environment added to the stack's
   * @param notInstalledMessage what users see when the program is missing, or {@code null} for the
   *     default
   */
  public record ServerLaunchPlan(
      List<String> command, java.util.Map<String, String> env, String notInstalledMessage) {
    public ServerLaunchPlan {
      command = List.copyOf(command);
      env = java.util.Map.copyOf(env);
      if (command.isEmpty()) {
        throw new IllegalArgumentException("a launch needs a command");
      }
    }
  }
}
