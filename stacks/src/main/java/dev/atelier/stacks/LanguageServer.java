package dev.atelier.stacks;

import java.util.List;

/**
 * A language server the gateway starts inside the workspace, speaking LSP on stdio.
 *
 * @param language LSP language id, e.g. {@code python}
 * @param fileGlobs files it serves, e.g. {@code **}{@code /*.py}
 * @param command the server's command line
 */
public record LanguageServer(String language, List<String> fileGlobs, Command command) {
  public LanguageServer {
    fileGlobs = fileGlobs == null ? List.of() : List.copyOf(fileGlobs);
  }
}
