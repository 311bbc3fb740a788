package dev.atelier.gateway.spi;

import dev.atelier.runtime.spi.WorkspaceFiles;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the gateway takes a document's text from when a client first shows interest in it. Later
 * changes are pushed with {@code LanguageGateway.documentChanged}. The default reads the saved
 * file; the collaboration hub provides one backed by the shared document.
 */
@FunctionalInterface
public interface DocumentSource {

  /**
   * The current text of a workspace file.
   *
   * @param path workspace-relative path with {@code /} separators, e.g. {@code src/main.py}
   * @return the text, or empty when there is no such document (a new, unsaved file)
   */
  Optional<String> currentText(String workspaceId, String path);

  /** Reads saved files through {@link WorkspaceRuntime#files}, as UTF-8. */
  static DocumentSource savedFiles(WorkspaceRuntime runtime) {
    return (workspaceId, path) -> {
      WorkspaceFiles files = runtime.files(workspaceId);
      try {
        return Optional.of(new String(files.read(path), StandardCharsets.UTF_8));
      } catch (WorkspaceRuntimeException e) {
        if (e.code() == WorkspaceRuntimeException.ErrorCode.FILE_NOT_FOUND) {
          return Optional.empty();
        }
        throw e;
      }
    };
  }
}
