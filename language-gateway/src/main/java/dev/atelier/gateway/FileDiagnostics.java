package dev.atelier.gateway;

import java.util.List;
import org.eclipse.lsp4j.Diagnostic;

/**
 * The latest diagnostics a language server published for one file, as the Problems panel shows
 * them.
 *
 * @param uri the client URI ({@code atelier:/src/main.py}), or the server's URI for a file outside
 *     the workspace
 * @param path the workspace path ({@code src/main.py}), or {@code null} outside the workspace
 * @param language the key of the server that published them (e.g. {@code python}, {@code c+cpp})
 * @param diagnostics the diagnostics, never empty (files without any are not listed)
 */
public record FileDiagnostics(
    String uri, String path, String language, List<Diagnostic> diagnostics) {
  public FileDiagnostics {
    diagnostics = List.copyOf(diagnostics);
  }
}
