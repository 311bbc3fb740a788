package dev.atelier.server.language;

import dev.atelier.gateway.GatewaySession;
import dev.atelier.gateway.LanguageGateway;
import dev.atelier.gateway.MessageSink;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.observability.OpenSockets;
import dev.atelier.server.sockets.LiveSockets;
import dev.atelier.server.sockets.SocketSupport;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * {@code /lsp/{workspaceId}}: one browser editor's LSP connection to the workspace's language
 * servers through the {@link LanguageGateway}. Each text frame is one JSON-RPC message, both ways.
 *
 * <p>Admission needs {@link WorkspaceRole#READ}: a read-only collaborator gets completion, hover,
 * diagnostics and navigation like everyone else. Rename and formatting are allowed too: they only
 * return edits, which the editor applies through the collaborative document, where a read-only
 * peer's edits are refused; nothing here writes a file.
 *
 * <p>Outgoing messages pass a bounded buffer per socket, so a browser that stops reading is
 * disconnected instead of stalling the gateway or the workspace's other users.
 */
@Component
class LanguageSocketHandler extends TextWebSocketHandler {

  static final String KIND = "lsp";

  /** The user may not see the workspace (or it does not exist). */
  static final CloseStatus NOT_FOUND = new CloseStatus(4404, "no such workspace");

  private static final Logger log = LoggerFactory.getLogger(LanguageSocketHandler.class);
  private static final int SEND_TIME_LIMIT_MS = 10_000;
  private static final int BUFFER_LIMIT_BYTES = 4 * 1024 * 1024;

  private final LanguageGateway gateway;
  private final WorkspaceAccess access;
  private final LiveSockets liveSockets;
  private final OpenSockets openSockets;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  /** What one socket holds; released when it closes. */
  private record Connection(GatewaySession session, List<AutoCloseable> resources) {}

  LanguageSocketHandler(
      LanguageGateway gateway,
      WorkspaceAccess access,
      LiveSockets liveSockets,
      OpenSockets openSockets) {
    this.gateway = gateway;
    this.access = access;
    this.liveSockets = liveSockets;
    this.openSockets = openSockets;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
    String userId = SocketSupport.userId(raw.getPrincipal());
    if (userId == null) {
      raw.close(CloseStatus.POLICY_VIOLATION.withReason("authentication required"));
      return;
    }
    String workspaceId = workspaceId(raw.getUri());
    WorkspaceRole role;
    try {
      access.require(userId, workspaceId, WorkspaceRole.READ);
      role = access.role(userId, workspaceId).orElseThrow();
    } catch (AtelierException e) {
      raw.close(closeStatus(e));
      return;
    }
    WebSocketSession socket =
        new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
    GatewaySession session = gateway.connect(workspaceId, new SocketSink(socket));
    AutoCloseable live =
        liveSockets.register(workspaceId, userId, role == WorkspaceRole.OWNER, raw);
    connections.put(raw.getId(), new Connection(session, List.of(live, openSockets.opened(KIND))));
    if (!raw.isOpen()) {
      // Closed (e.g. revoked) between admission and registration: nothing will call us again.
      afterConnectionClosed(raw, CloseStatus.NORMAL);
    }
  }

  @Override
  protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
    Connection connection = connections.get(raw.getId());
    if (connection != null) {
      connection.session().handleMessage(message.getPayload());
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
    Connection connection = connections.remove(raw.getId());
    if (connection == null) {
      return;
    }
    connection.session().close();
    SocketSupport.release(connection.resources(), KIND);
  }

  @Override
  public void handleTransportError(WebSocketSession raw, Throwable exception) {
    log.debug("Language socket {} failed: {}", raw.getId(), exception.toString());
  }

  /** The workspace id is the path segment after {@code /lsp/}. */
  static String workspaceId(URI uri) {
    String path = uri == null ? "" : uri.getPath();
    int at = path.indexOf(LanguageSocketConfiguration.PREFIX);
    return at < 0 ? "" : path.substring(at + LanguageSocketConfiguration.PREFIX.length());
  }

  static CloseStatus closeStatus(AtelierException e) {
    if (e.code() == ErrorCode.FORBIDDEN) {
      return new CloseStatus(4403, reason(e.getMessage()));
    }
    if (e.code() == ErrorCode.WORKSPACE_NOT_FOUND) {
      return NOT_FOUND.withReason(reason(e.getMessage()));
    }
    return CloseStatus.SERVER_ERROR.withReason(reason(e.getMessage()));
  }

  /** A close reason may carry at most 123 bytes of UTF-8. */
  static String reason(String message) {
    String text = message == null ? "" : message;
    if (text.getBytes(StandardCharsets.UTF_8).length <= 123) {
      return text;
    }
    while (text.getBytes(StandardCharsets.UTF_8).length > 120) {
      text = text.substring(0, text.length() - 1);
    }
    return text + "...";
  }

  /**
   * Sends the gateway's messages as text frames. A send that fails (the socket broke, or its buffer
   * overflowed and the decorator closed it) is reported to the gateway, which ends the session.
   */
  private record SocketSink(WebSocketSession socket) implements MessageSink {

    @Override
    public void send(String message) {
      if (!socket.isOpen()) {
        throw new IllegalStateException("the language socket is closed");
      }
      try {
        socket.sendMessage(new TextMessage(message));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        socket.close(CloseStatus.NORMAL.withReason("the language session ended"));
      } catch (IOException e) {
        log.debug("Closing language socket {} failed: {}", socket.getId(), e.toString());
      }
    }
  }
}
