package dev.atelier.gateway;

import com.google.gson.JsonElement;
import dev.atelier.gateway.protocol.JsonRpc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest diagnostics per file of one workspace, by client URI: replayed to clients that join
 * late and read by the Problems panel from any thread.
 */
final class DiagnosticsStore {

  private static final Logger log = LoggerFactory.getLogger(DiagnosticsStore.class);

  private record Entry(String serverKey, String path, PublishDiagnosticsParams params) {}

  private final Map<String, Entry> byUri = new ConcurrentHashMap<>();
  private final String workspaceId;
  private final DiagnosticsListener listener;

  /**
   * @param listener told of every recorded publish and every clear, once
   */
  DiagnosticsStore(String workspaceId, DiagnosticsListener listener) {
    this.workspaceId = workspaceId;
    this.listener = listener;
  }

  /**
   * Translates a server's {@code publishDiagnostics} parameters to client URIs (in place), records
   * them, and returns the notification to broadcast; empty when they are unreadable.
   */
  Optional<String> publish(ManagedServer server, JsonElement params) {
    if (params == null || !params.isJsonObject() || server.uris() == null) {
      return Optional.empty();
    }
    server.uris().resultToClient(params);
    PublishDiagnosticsParams typed;
    try {
      typed = JsonRpc.fromTree(params, PublishDiagnosticsParams.class);
    } catch (RuntimeException e) {
      log.warn(
          "Unreadable diagnostics from the {} language server: {}",
          server.displayName(),
          e.toString());
      return Optional.empty();
    }
    if (typed == null || typed.getUri() == null) {
      return Optional.empty();
    }
    String path =
        typed.getUri().startsWith(WorkspaceUris.SCHEME + ":")
            ? WorkspaceUris.pathOfClientUri(typed.getUri())
            : null;
    put(server.key(), path, typed);
    return Optional.of(JsonRpc.notification("textDocument/publishDiagnostics", params));
  }

  /** Forgets a server's diagnostics; returns the notifications that clear them in clients. */
  List<String> clear(String serverKey) {
    List<Entry> removed = removeServer(serverKey);
    for (Entry e : removed) {
      tell(new DiagnosticsUpdate(workspaceId, e.params().getUri(), e.path(), serverKey, List.of()));
    }
    return removed.stream()
        .map(
            e ->
                JsonRpc.notification(
                    "textDocument/publishDiagnostics",
                    new PublishDiagnosticsParams(e.params().getUri(), List.of())))
        .toList();
  }

  /** Records a (translated) publish; an empty list forgets the file. */
  private void put(String serverKey, String path, PublishDiagnosticsParams params) {
    if (params.getDiagnostics() == null || params.getDiagnostics().isEmpty()) {
      byUri.remove(params.getUri());
    } else {
      byUri.put(params.getUri(), new Entry(serverKey, path, params));
    }
    tell(
        new DiagnosticsUpdate(
            workspaceId, params.getUri(), path, serverKey, params.getDiagnostics()));
  }

  private void tell(DiagnosticsUpdate update) {
    listener.diagnosticsChanged(update); // the gateway's dispatcher isolates failing listeners
  }

  private List<Entry> removeServer(String serverKey) {
    List<Entry> removed = new ArrayList<>();
    byUri
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue().serverKey().equals(serverKey)) {
                removed.add(e.getValue());
                return true;
              }
              return false;
            });
    return removed;
  }

  /** Every file's diagnostics, by path (files outside the workspace last). */
  List<FileDiagnostics> snapshot() {
    return byUri.values().stream()
        .map(
            e ->
                new FileDiagnostics(
                    e.params().getUri(), e.path(), e.serverKey(), e.params().getDiagnostics()))
        .sorted(
            Comparator.comparing((FileDiagnostics d) -> d.path() == null)
                .thenComparing(d -> d.path() == null ? d.uri() : d.path()))
        .toList();
  }

  /** The {@code publishDiagnostics} notifications that bring a new client up to date. */
  List<String> replay() {
    return byUri.values().stream()
        .map(e -> JsonRpc.notification("textDocument/publishDiagnostics", e.params()))
        .toList();
  }
}
