package dev.atelier.gateway;

import java.util.List;
import org.eclipse.lsp4j.Diagnostic;

/**
 * A language server published new diagnostics for one file (or they were cleared because the server
 * stopped), as told to a {@link DiagnosticsListener}: once per publish, however many clients the
 * workspace has.
 *
 * @param workspaceId the workspace
 * @param uri the client URI ({@code atelier:/src/main.py}), or the server's URI for a file outside
 *     the workspace
 * @param path the workspace path ({@code src/main.py}), or {@code null} outside the workspace
 * @param language the key of the server that published them (e.g. {@code python}, {@code c+cpp})
 * @param diagnostics the file's complete diagnostics now; empty when they were cleared
 */
public record DiagnosticsUpdate(
    String workspaceId, String uri, String path, String language, List<Diagnostic> diagnostics) {
  public DiagnosticsUpdate {
    diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
  }
}
