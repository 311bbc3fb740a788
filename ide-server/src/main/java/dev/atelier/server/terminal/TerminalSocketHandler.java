package dev.atelier.server.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.error.ErrorCode;
import dev.atelier.server.observability.OpenSockets;
import dev.atelier.server.sockets.LiveSockets;
import dev.atelier.server.sockets.SocketSupport;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceActivity;
import dev.atelier.server.workspace.WorkspaceRole;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * {@code /terminal/{workspaceId}/{terminalId}}: binary frames carry raw PTY bytes both ways, text
 * frames carry JSON control messages ({@code {"type":"resize","cols":N,"rows":N}} from the browser;
 * {@code {"type":"exit","exitCode":N}} and {@code {"type":"error","message":…}} from the server).
 * On connect the scrollback is replayed first. Needs {@code WRITE} in the workspace.
 */
@Component
class TerminalSocketHandler extends AbstractWebSocketHandler {

  static final String KIND = "terminal";

  /** The shell ended; the browser should not reconnect. */
  static final CloseStatus EXITED = new CloseStatus(4000, "the terminal's shell exited");

  static final CloseStatus NOT_FOUND = new CloseStatus(4404, "no such terminal or workspace");
  static final CloseStatus FORBIDDEN = new CloseStatus(4403, "terminals need write access");

  private static final Logger log = LoggerFactory.getLogger(TerminalSocketHandler.class);
  private static final int SEND_TIME_LIMIT_MS = 10_000;
  private static final int BUFFER_LIMIT_BYTES = 2 * 1024 * 1024;

  /**
   * One browser's socket. Every send goes through {@code socket}, the concurrency-safe decorator:
   * the raw session allows one send at a time, and PTY output arrives on its own thread, so an
   * error frame sent on the raw session while output is being sent is lost.
   */
  private record Connection(
      TerminalSession terminal, WebSocketSession socket, List<AutoCloseable> resources) {}

  private final TerminalService terminals;
  private final WorkspaceAccess access;
  private final WorkspaceActivity activity;
  private final LiveSockets liveSockets;
  private final OpenSockets openSockets;
  private final ObjectMapper mapper;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  TerminalSocketHandler(
      TerminalService terminals,
      WorkspaceAccess access,
      WorkspaceActivity activity,
      LiveSockets liveSockets,
      OpenSockets openSockets,
      ObjectMapper mapper) {
    this.terminals = terminals;
    this.access = access;
    this.activity = activity;
    this.liveSockets = liveSockets;
    this.openSockets = openSockets;
    this.mapper = mapper;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
    String userId = SocketSupport.userId(raw.getPrincipal());
    String[] ids = ids(raw);
    if (userId == null) {
      raw.close(CloseStatus.POLICY_VIOLATION.withReason("authentication required"));
      return;
    }
    if (ids == null) {
      raw.close(NOT_FOUND);
      return;
    }
    String workspaceId = ids[0];
    WorkspaceRole role;
    try {
      access.require(userId, workspaceId, WorkspaceRole.WRITE);
      role = access.role(userId, workspaceId).orElseThrow();
    } catch (AtelierException e) {
      raw.close(e.code() == ErrorCode.FORBIDDEN ? FORBIDDEN : NOT_FOUND);
      return;
    }
    TerminalSession terminal = terminals.find(workspaceId, ids[1]).orElse(null);
    if (terminal == null) {
      raw.close(NOT_FOUND);
      return;
    }
    WebSocketSession session =
        new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
    List<AutoCloseable> resources = new ArrayList<>();
    resources.add(liveSockets.register(workspaceId, userId, role == WorkspaceRole.OWNER, raw));
    resources.add(openSockets.opened(KIND));
    activity.clientConnected(workspaceId);
    resources.add(() -> activity.clientDisconnected(workspaceId));
    connections.put(raw.getId(), new Connection(terminal, session, resources));
    resources.add(terminal.attach(new SocketClient(session)));
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession raw, BinaryMessage message) {
    Connection connection = connections.get(raw.getId());
    if (connection == null) {
      return;
    }
    ByteBuffer payload = message.getPayload();
    byte[] data = new byte[payload.remaining()];
    payload.get(data);
    if (!connection.terminal().write(data)) {
      sendError(
          connection.socket(),
          "Input dropped: the program in this terminal is not reading its input.");
    }
    activity.touch(connection.terminal().workspaceId());
  }

  @Override
  protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
    Connection connection = connections.get(raw.getId());
    if (connection == null) {
      return;
    }
    WebSocketSession session = connection.socket();
    try {
      JsonNode control = mapper.readTree(message.getPayload());
      String type = control.path("type").asText();
      if (!"resize".equals(type)) {
        sendError(session, "Unknown control message type '" + type + "'; expected resize.");
        return;
      }
      int cols = control.path("cols").asInt(0);
      int rows = control.path("rows").asInt(0);
      TerminalService.checkSize(cols, rows);
      connection.terminal().resize(cols, rows);
    } catch (IOException e) {
      sendError(
          session,
          "Control messages are JSON, e.g. {\"type\":\"resize\",\"cols\":80,\"rows\":24}.");
    } catch (AtelierException e) {
      sendError(session, e.getMessage());
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    Connection connection = connections.remove(session.getId());
    if (connection == null) {
      return;
    }
    SocketSupport.release(connection.resources(), KIND);
  }

  private void sendError(WebSocketSession session, String message) {
    try {
      session.sendMessage(
          new TextMessage(
              mapper.writeValueAsString(
                  mapper.createObjectNode().put("type", "error").put("message", message))));
    } catch (IOException | RuntimeException e) {
      log.debug("Could not send a terminal error frame: {}", e.toString());
    }
  }

  /** Forwards a terminal's output to one browser; a browser that cannot keep up is dropped. */
  private final class SocketClient implements TerminalSession.Client {
    private final WebSocketSession session;

    SocketClient(WebSocketSession session) {
      this.session = session;
    }

    @Override
    public void output(byte[] data) {
      if (!session.isOpen()) {
        return;
      }
      try {
        session.sendMessage(new BinaryMessage(data));
      } catch (IOException | RuntimeException e) {
        log.debug("Dropping terminal socket {}: {}", session.getId(), e.toString());
        closeQuietly(CloseStatus.SESSION_NOT_RELIABLE);
      }
    }

    @Override
    public void exited(int exitCode) {
      if (!session.isOpen()) {
        return;
      }
      try {
        session.sendMessage(
            new TextMessage(
                mapper.writeValueAsString(
                    mapper.createObjectNode().put("type", "exit").put("exitCode", exitCode))));
      } catch (IOException | RuntimeException e) {
        log.debug("Could not send the exit frame: {}", e.toString());
      }
      closeQuietly(EXITED);
    }

    private void closeQuietly(CloseStatus status) {
      try {
        session.close(status);
      } catch (IOException | RuntimeException ignored) {
        // already gone; afterConnectionClosed releases the resources
      }
    }
  }

  /** {@code [workspaceId, terminalId]} from {@code /terminal/{workspaceId}/{terminalId}}. */
  static String[] ids(WebSocketSession session) {
    if (session.getUri() == null) {
      return null;
    }
    String path = session.getUri().getPath();
    int at = path.indexOf("/terminal/");
    if (at < 0) {
      return null;
    }
    String[] parts = path.substring(at + "/terminal/".length()).split("/");
    return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() ? parts : null;
  }
}
