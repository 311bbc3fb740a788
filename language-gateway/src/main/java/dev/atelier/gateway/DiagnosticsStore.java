package dev.atelier.gateway;

import dev.atelier.gateway.protocol.JsonRpc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * The latest diagnostics per file of one workspace, by client URI: replayed to clients that join
 * late and read by the Problems panel from any thread.
 */
final class DiagnosticsStore {

  private record Entry(String serverKey, String path, PublishDiagnosticsParams params) {}

  private final Map<String, Entry> byUri = new ConcurrentHashMap<>();

  /** Records a (translated) publish; an empty list forgets the file. */
  void put(String serverKey, String path, PublishDiagnosticsParams params) {
    if (params.getDiagnostics() == null || params.getDiagnostics().isEmpty()) {
      byUri.remove(params.getUri());
    } else {
      byUri.put(params.getUri(), new Entry(serverKey, path, params));
    }
  }

  /** Forgets a server's diagnostics; returns the URIs that had some (to clear them in clients). */
  List<String> removeServer(String serverKey) {
    List<String> removed = new ArrayList<>();
    byUri.entrySet().removeIf(
        e -> {
          if (e.getValue().serverKey().equals(serverKey)) {
            removed.add(e.getKey());
            return true;
          }
          return false;
        });
    return removed;
  }

  /** Every file's diagnostics, by path (files outside the workspace last). */
  List<FileDiagnostics> snapshot() {
    return byUri.values().stream()
        .map(e -> new FileDiagnostics(e.params().getUri(), e.path(), e.serverKey(), e.params().getDiagnostics()))
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
