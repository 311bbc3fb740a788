package dev.atelier.gateway;

import com.google.gson.JsonElement;
import dev.atelier.gateway.protocol.JsonRpc;
import dev.atelier.gateway.text.TextDiff;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.lsp4j.ClientInfo;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document synchronisation with one initialized server process: which tracked documents it has
 * open, and the {@code didOpen} / {@code didChange} / {@code didSave} / {@code didClose} it is
 * sent, in the form its capabilities ask for (incremental edits, full text, or none). A new process
 * (after a restart) gets a new instance and every document again. Confined to the workspace's
 * executor.
 */
final class ServerDocuments {

  private static final Logger log = LoggerFactory.getLogger(ServerDocuments.class);

  final ServerConnection connection;
  final ServerCapabilities capabilities;
  private final WorkspaceUris uris;
  private final GatewayCapabilities.Sync sync;
  private final Set<String> open = new HashSet<>();

  ServerDocuments(
      ServerConnection connection, WorkspaceUris uris, ServerCapabilities capabilities) {
    this.connection = connection;
    this.uris = uris;
    this.capabilities = capabilities;
    this.sync = GatewayCapabilities.Sync.of(capabilities);
  }

  /** The {@code initialize} parameters for a server of the workspace at {@code uris}. */
  static InitializeParams initializeParams(WorkspaceUris uris) {
    InitializeParams params = new InitializeParams();
    // No processId: the gateway's pid means nothing inside the sandbox's PID namespace, and a
    // server that watches it would conclude its client died.
    params.setProcessId(null);
    params.setRootUri(uris.rootUri());
    params.setRootPath(uris.root());
    params.setWorkspaceFolders(List.of(new WorkspaceFolder(uris.rootUri(), "workspace")));
    params.setCapabilities(GatewayCapabilities.forServers());
    params.setClientInfo(new ClientInfo("Atelier language gateway"));
    params.setTrace("off");
    return params;
  }

  /** The capabilities in an {@code initialize} result; incremental sync when unreadable. */
  static ServerCapabilities parseCapabilities(JsonElement result, String displayName) {
    try {
      JsonElement caps = result.getAsJsonObject().get("capabilities");
      ServerCapabilities parsed = JsonRpc.fromTree(caps, ServerCapabilities.class);
      if (parsed != null) {
        return parsed;
      }
    } catch (RuntimeException e) {
      log.warn(
          "Unreadable capabilities from the {} language server; assuming incremental sync: {}",
          displayName,
          e.toString());
    }
    ServerCapabilities fallback = new ServerCapabilities();
    fallback.setTextDocumentSync(TextDocumentSyncKind.Incremental);
    return fallback;
  }

  int openCount() {
    return open.size();
  }

  void open(TrackedDocument doc) {
    if (!open.add(doc.path)) {
      return;
    }
    TextDocumentItem item =
        new TextDocumentItem(uris.serverUri(doc.path), doc.languageId, doc.version, doc.text);
    connection.notify("textDocument/didOpen", new DidOpenTextDocumentParams(item));
  }

  /** Sends the change from {@code before} to the document's current text. */
  void changed(TrackedDocument doc, String before) {
    if (!open.contains(doc.path) || sync.change() == TextDocumentSyncKind.None) {
      return;
    }
    TextDocumentContentChangeEvent event;
    if (sync.change() == TextDocumentSyncKind.Full) {
      event = new TextDocumentContentChangeEvent(doc.text);
    } else {
      Optional<TextDocumentContentChangeEvent> diff = TextDiff.between(before, doc.text);
      if (diff.isEmpty()) {
        return;
      }
      event = diff.get();
    }
    VersionedTextDocumentIdentifier id =
        new VersionedTextDocumentIdentifier(uris.serverUri(doc.path), doc.version);
    connection.notify(
        "textDocument/didChange", new DidChangeTextDocumentParams(id, List.of(event)));
  }

  void saved(TrackedDocument doc) {
    if (!open.contains(doc.path) || !sync.save()) {
      return;
    }
    TextDocumentIdentifier id = new TextDocumentIdentifier(uris.serverUri(doc.path));
    connection.notify(
        "textDocument/didSave",
        new DidSaveTextDocumentParams(id, sync.saveIncludesText() ? doc.text : null));
  }

  void closed(TrackedDocument doc) {
    if (open.remove(doc.path)) {
      connection.notify(
          "textDocument/didClose",
          new DidCloseTextDocumentParams(new TextDocumentIdentifier(uris.serverUri(doc.path))));
    }
  }
}
