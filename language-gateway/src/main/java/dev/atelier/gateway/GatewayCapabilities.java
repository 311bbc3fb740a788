package dev.atelier.gateway;

import java.util.List;
import java.util.Set;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionKindCapabilities;
import org.eclipse.lsp4j.CodeActionLiteralSupportCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionItemCapabilities;
import org.eclipse.lsp4j.CompletionItemResolveSupportCapabilities;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DefinitionCapabilities;
import org.eclipse.lsp4j.DiagnosticTag;
import org.eclipse.lsp4j.DiagnosticsTagSupport;
import org.eclipse.lsp4j.DocumentHighlightCapabilities;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.FormattingCapabilities;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.ParameterInformationCapabilities;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.RangeFormattingCapabilities;
import org.eclipse.lsp4j.ReferencesCapabilities;
import org.eclipse.lsp4j.RenameCapabilities;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.SignatureHelpCapabilities;
import org.eclipse.lsp4j.SignatureHelpOptions;
import org.eclipse.lsp4j.SignatureInformationCapabilities;
import org.eclipse.lsp4j.SynchronizationCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.TypeDefinitionCapabilities;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * What the gateway announces on each side. To servers: the features the browser editor renders
 * (completion with documentation, hover, signature help, navigation, rename, formatting, code
 * actions, diagnostics) with plain-text insertions and plain locations, so every client can apply
 * results without snippet or link support. To clients: the requests it forwards, and document sync
 * limited to open/close, since document text reaches servers from the server-side document and
 * never from a browser.
 */
final class GatewayCapabilities {

  /** Requests forwarded to the document's language server. */
  static final Set<String> FORWARDED =
      Set.of(
          "textDocument/completion",
          "completionItem/resolve",
          "textDocument/hover",
          "textDocument/signatureHelp",
          "textDocument/definition",
          "textDocument/declaration",
          "textDocument/typeDefinition",
          "textDocument/implementation",
          "textDocument/references",
          "textDocument/documentHighlight",
          "textDocument/documentSymbol",
          "textDocument/rename",
          "textDocument/formatting",
          "textDocument/rangeFormatting",
          "textDocument/codeAction");

  private static final List<String> MARKUP = List.of(MarkupKind.MARKDOWN, MarkupKind.PLAINTEXT);

  private GatewayCapabilities() {}

  /** The client capabilities sent to every language server in {@code initialize}. */
  static ClientCapabilities forServers() {
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setSynchronization(new SynchronizationCapabilities(false, false, true, false));
    CompletionItemCapabilities item = new CompletionItemCapabilities(false);
    item.setDocumentationFormat(MARKUP);
    item.setDeprecatedSupport(true);
    item.setLabelDetailsSupport(true);
    item.setResolveSupport(
        new CompletionItemResolveSupportCapabilities(List.of("documentation", "detail")));
    CompletionCapabilities completion = new CompletionCapabilities(item);
    completion.setContextSupport(true);
    text.setCompletion(completion);
    text.setHover(new HoverCapabilities(MARKUP, false));
    SignatureInformationCapabilities signature = new SignatureInformationCapabilities(MARKUP);
    signature.setParameterInformation(new ParameterInformationCapabilities(true));
    text.setSignatureHelp(new SignatureHelpCapabilities(signature, false));
    text.setDefinition(new DefinitionCapabilities(false, false));
    text.setTypeDefinition(new TypeDefinitionCapabilities(false, false));
    text.setReferences(new ReferencesCapabilities(false));
    text.setDocumentHighlight(new DocumentHighlightCapabilities(false));
    text.setDocumentSymbol(new DocumentSymbolCapabilities(null, false, true));
    text.setRename(new RenameCapabilities(false, false));
    text.setFormatting(new FormattingCapabilities(false));
    text.setRangeFormatting(new RangeFormattingCapabilities(false));
    text.setCodeAction(
        new CodeActionCapabilities(
            new CodeActionLiteralSupportCapabilities(
                new CodeActionKindCapabilities(
                    List.of(
                        CodeActionKind.QuickFix,
                        CodeActionKind.Refactor,
                        CodeActionKind.RefactorExtract,
                        CodeActionKind.RefactorInline,
                        CodeActionKind.RefactorRewrite,
                        CodeActionKind.Source,
                        CodeActionKind.SourceOrganizeImports))),
            false,
            true));
    text.setPublishDiagnostics(
        new PublishDiagnosticsCapabilities(
            true,
            new DiagnosticsTagSupport(List.of(DiagnosticTag.Unnecessary, DiagnosticTag.Deprecated)),
            true));

    WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
    workspace.setApplyEdit(false);
    WorkspaceEditCapabilities edit = new WorkspaceEditCapabilities();
    edit.setDocumentChanges(false);
    workspace.setWorkspaceEdit(edit);
    workspace.setConfiguration(true);
    workspace.setWorkspaceFolders(true);

    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(false);

    ClientCapabilities capabilities = new ClientCapabilities();
    capabilities.setTextDocument(text);
    capabilities.setWorkspace(workspace);
    capabilities.setWindow(window);
    return capabilities;
  }

  /** The server capabilities a client receives in answer to its {@code initialize}. */
  static ServerCapabilities forClients() {
    ServerCapabilities capabilities = new ServerCapabilities();
    TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
    sync.setOpenClose(true);
    sync.setChange(TextDocumentSyncKind.None);
    capabilities.setTextDocumentSync(sync);
    capabilities.setCompletionProvider(
        new CompletionOptions(true, List.of(".", ":", ">", "<", "\"", "'", "/", "@", "#", "*")));
    capabilities.setHoverProvider(true);
    capabilities.setSignatureHelpProvider(
        new SignatureHelpOptions(List.of("(", ","), List.of(")")));
    capabilities.setDefinitionProvider(true);
    capabilities.setDeclarationProvider(true);
    capabilities.setTypeDefinitionProvider(true);
    capabilities.setImplementationProvider(true);
    capabilities.setReferencesProvider(true);
    capabilities.setDocumentHighlightProvider(true);
    capabilities.setDocumentSymbolProvider(true);
    capabilities.setRenameProvider(true);
    capabilities.setDocumentFormattingProvider(true);
    capabilities.setDocumentRangeFormattingProvider(true);
    capabilities.setCodeActionProvider(true);
    return capabilities;
  }

  /**
   * Whether a server announced support for a forwarded request. Unsupported requests are answered
   * with an empty result instead of a "method not found" error the editor would show.
   */
  static boolean supports(ServerCapabilities server, String method) {
    return switch (method) {
      case "textDocument/completion" -> server.getCompletionProvider() != null;
      case "completionItem/resolve" ->
          server.getCompletionProvider() != null
              && Boolean.TRUE.equals(server.getCompletionProvider().getResolveProvider());
      case "textDocument/hover" -> enabled(server.getHoverProvider());
      case "textDocument/signatureHelp" -> server.getSignatureHelpProvider() != null;
      case "textDocument/definition" -> enabled(server.getDefinitionProvider());
      case "textDocument/declaration" -> enabled(server.getDeclarationProvider());
      case "textDocument/typeDefinition" -> enabled(server.getTypeDefinitionProvider());
      case "textDocument/implementation" -> enabled(server.getImplementationProvider());
      case "textDocument/references" -> enabled(server.getReferencesProvider());
      case "textDocument/documentHighlight" -> enabled(server.getDocumentHighlightProvider());
      case "textDocument/documentSymbol" -> enabled(server.getDocumentSymbolProvider());
      case "textDocument/rename" -> enabled(server.getRenameProvider());
      case "textDocument/formatting" -> enabled(server.getDocumentFormattingProvider());
      case "textDocument/rangeFormatting" -> enabled(server.getDocumentRangeFormattingProvider());
      case "textDocument/codeAction" -> enabled(server.getCodeActionProvider());
      default -> true;
    };
  }

  private static boolean enabled(Either<Boolean, ?> provider) {
    return provider != null && (provider.isRight() || Boolean.TRUE.equals(provider.getLeft()));
  }

  /** How a server wants document changes: kind, and whether {@code didSave} carries the text. */
  record Sync(TextDocumentSyncKind change, boolean save, boolean saveIncludesText) {
    static Sync of(ServerCapabilities server) {
      Either<TextDocumentSyncKind, TextDocumentSyncOptions> sync = server.getTextDocumentSync();
      if (sync == null) {
        return new Sync(TextDocumentSyncKind.None, false, false);
      }
      if (sync.isLeft()) {
        return new Sync(sync.getLeft(), true, false);
      }
      TextDocumentSyncOptions options = sync.getRight();
      TextDocumentSyncKind change =
          options.getChange() == null ? TextDocumentSyncKind.None : options.getChange();
      Either<Boolean, SaveOptions> save = options.getSave();
      boolean saves = save != null && (save.isRight() || Boolean.TRUE.equals(save.getLeft()));
      boolean includeText =
          save != null && save.isRight() && Boolean.TRUE.equals(save.getRight().getIncludeText());
      return new Sync(change, saves, includeText);
    }
  }
}
