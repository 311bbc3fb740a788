package dev.atelier.server.ui.workbench;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.server.account.UserAccount;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.files.FileService;
import dev.atelier.server.language.LanguageEdits;
import dev.atelier.server.language.LanguageServers;
import dev.atelier.server.workspace.WorkspaceRole;
import dev.atelier.ui.editor.CodeEditor;
import dev.atelier.ui.editor.LanguageServerEvents;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Creates what a file shows in the editor area: a collaborative editor for text, a read-only view
 * with a notice for text too large to co-edit, a notice with a download link for binary files.
 */
final class EditorFactory {

  private final WorkbenchView view;
  private final FileService files;
  private final UserAccount account;
  private final LanguageServers languages;
  private final LanguageEdits edits;

  EditorFactory(
      WorkbenchView view,
      FileService files,
      UserAccount account,
      LanguageServers languages,
      LanguageEdits edits) {
    this.view = view;
    this.files = files;
    this.account = account;
    this.languages = languages;
    this.edits = edits;
  }

  EditorArea.Content create(String path) {
    String workspaceId = view.workspace().id();
    FileKind kind = FileKind.inspect(files, account.id(), workspaceId, path);
    if (kind instanceof FileKind.Collaborative text) {
      CodeEditor editor = new CodeEditor(workspaceId, text.path());
      editor.setSyntax(languages.syntaxOf(text.path()).orElse(null));
      configure(editor, !view.role().atLeast(WorkspaceRole.WRITE));
      connectLanguageServer(editor, workspaceId, text.path());
      editor.addSaveListener(event -> view.requestSave(text.path()));
      editor.addConnectionListener(
          event ->
              view.editors()
                  .find(text.path())
                  .ifPresent(
                      tab -> {
                        tab.setConnection(event.state());
                        view.connectionChanged(tab);
                      }));
      return new EditorArea.Content(editor, editor);
    }
    if (kind instanceof FileKind.LargeText large) {
      CodeEditor editor = CodeEditor.standalone(large.path(), large.content());
      editor.setSyntax(languages.syntaxOf(large.path()).orElse(null));
      configure(editor, true);
      Div notice =
          notice(
              "This file is "
                  + FileKind.size(large.size())
                  + ", larger than "
                  + FileKind.size(files.editableText().maxBytes())
                  + ": it opens read-only, without live collaboration. Edit it in the terminal.");
      notice.addClassName("atelier-editor-notice-bar");
      Div box = new Div(notice, editor);
      box.addClassName("atelier-large-file");
      return new EditorArea.Content(box, editor);
    }
    FileKind.NotText other = (FileKind.NotText) kind;
    {
      Div notice =
          notice(
              other.binary()
                  ? "This is a binary file ("
                      + FileKind.size(other.size())
                      + "); it is not opened as text."
                  : "This file is "
                      + FileKind.size(other.size())
                      + ", too large to show in the editor.");
      Div box = new Div(notice, downloadLink(other.path()));
      box.addClassName("atelier-file-notice");
      return new EditorArea.Content(box, null);
    }
  }

  /**
   * Files the workspace's stack has a language server for get its features; the editor asks the
   * page to open other files, to apply rename edits to files not shown, and to show messages such
   * as "Java language server not installed".
   */
  private void connectLanguageServer(CodeEditor editor, String workspaceId, String path) {
    Optional<String> language = languages.languageOf(workspaceId, path);
    if (language.isEmpty()) {
      return;
    }
    editor.setLanguageServer(LanguageServers.socketPath(workspaceId), language.get());
    LanguageServerEvents.addOpenFileListener(
        editor, e -> view.openFile(e.path(), Math.max(1, e.line()), Math.max(0, e.column())));
    LanguageServerEvents.addMessageListener(
        editor,
        e -> {
          if (e.isError()) {
            WorkbenchNotices.error(e.message());
          } else if (e.type() == 2) {
            WorkbenchNotices.info(e.message());
          }
        });
    LanguageServerEvents.addEditListener(
        editor,
        e -> {
          try {
            edits.applyJson(account.id(), workspaceId, e.path(), e.editsJson());
          } catch (AtelierException | WorkspaceRuntimeException ex) {
            WorkbenchNotices.error("Could not change " + e.path() + ": " + ex.getMessage());
          }
        });
  }

  private void configure(CodeEditor editor, boolean readOnly) {
    UserColors colors = UserColors.of(account.id());
    editor.setUser(account.id(), account.displayName(), colors.color(), colors.colorLight());
    editor.setReadOnly(readOnly);
    editor.setTheme(view.theme());
  }

  private static Div notice(String text) {
    Div notice = new Div(VaadinIcon.INFO_CIRCLE_O.create(), new Span(text));
    notice.addClassName("atelier-editor-notice");
    notice.getElement().setAttribute("data-testid", "editor-notice");
    return notice;
  }

  /** The files helper's download endpoint (checks access itself; the session authenticates). */
  private Anchor downloadLink(String path) {
    String href =
        "api/workspaces/"
            + URLEncoder.encode(view.workspace().id(), StandardCharsets.UTF_8)
            + "/files/download?path="
            + URLEncoder.encode(path, StandardCharsets.UTF_8);
    Anchor anchor = new Anchor(href, "Download " + EditorTab.fileName(path));
    anchor.getElement().setAttribute("download", true);
    anchor.getElement().setAttribute("router-ignore", true);
    return anchor;
  }
}
