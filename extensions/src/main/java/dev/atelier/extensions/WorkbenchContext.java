package dev.atelier.extensions;

import java.util.Optional;

/**
 * One workbench page as commands, panels and status items see it: which workspace, which user, and
 * what they may ask the page to do. Use it on the page's UI thread only (inside a command handler
 * or a factory), or through the host's own means for background threads.
 */
public interface WorkbenchContext {

  /** What the user may do in the workspace. */
  enum Access {
    READ,
    WRITE,
    OWNER
  }

  /** The workspace the page shows. */
  String workspaceId();

  /** Its name. */
  String workspaceName();

  /** The signed-in user's id. */
  String userId();

  /** The signed-in user's login name. */
  String userName();

  /** The user's role in the workspace. */
  Access access();

  /** The workspace-relative path of the active editor tab, if any. */
  Optional<String> activeFile();

  /** Opens {@code path} in an editor tab; {@code line} 0 = do not move the cursor (1-based). */
  void openFile(String path, int line, int column);

  /** Shows a short notification to this user. */
  void showMessage(String message);

  /** Runs another command by id; unknown ids are reported to the user. */
  void executeCommand(String commandId);

  /**
   * The host's own interface of the page when it is of {@code type} (in Atelier a Vaadin component
   * that implements the server's {@code Workbench}); empty otherwise. Extensions that use it depend
   * on the host's classes, not only on this API.
   */
  <T> Optional<T> host(Class<T> type);
}
