package dev.atelier.server.sockets;

import dev.atelier.server.workspace.WorkspaceRole;
import java.net.URI;

/**
 * A WebSocket endpoint of the server, as a Spring bean; the framework ({@link SocketConfiguration})
 * registers every one and does for each new socket, in this order: sign-in (the user of the
 * handshake), {@link #target} (what the path names), the role in that workspace against {@link
 * SocketSpec#minimumRole}, a concurrency-safe {@link Socket}, one registration in {@link
 * SocketRegistry} (metric, revocation, deletion), and only then {@link #open}. Each refusal closes
 * the socket with a code from {@link SocketCloses}. An endpoint never sees Spring's session.
 *
 * @param <T> what the endpoint parses from its path (a terminal id, a document path, …)
 */
public interface SocketEndpoint<T> {

  SocketSpec spec();

  /**
   * What the path of the handshake names. An endpoint with a {@link SocketSpec#minimumRole} must
   * name a workspace.
   *
   * @throws SocketRefusal for a path the endpoint does not serve (usually {@link
   *     SocketCloses#badPath})
   */
  Target<T> target(URI uri) throws SocketRefusal;

  /**
   * Starts the feature for an admitted socket.
   *
   * @throws SocketRefusal to close the socket (e.g. the terminal does not exist)
   */
  SocketConnection open(Socket socket, Admission<T> admission) throws SocketRefusal;

  /**
   * What a path names.
   *
   * @param workspaceId the workspace, or null for an endpoint without a minimum role
   * @param detail the endpoint's own part (may be null)
   */
  record Target<T>(String workspaceId, T detail) {}

  /**
   * Who was admitted to what.
   *
   * @param role the user's role in the workspace; null for an endpoint without a workspace
   */
  record Admission<T>(String userId, String workspaceId, WorkspaceRole role, T detail) {}

  /** The segment of {@code uri}'s path after {@code prefix} (empty when it does not start so). */
  static String after(URI uri, String prefix) {
    String path = uri == null || uri.getPath() == null ? "" : uri.getPath();
    int at = path.indexOf(prefix);
    return at < 0 ? "" : path.substring(at + prefix.length());
  }
}
