package dev.atelier.server.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.error.AtelierException;
import dev.atelier.server.observability.OpenSockets;
import dev.atelier.server.sockets.LiveSockets;
import dev.atelier.server.sockets.SocketSupport;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.io.IOException;
import java.util.ArrayList;
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
 * {@code /tasks/{workspaceId}}: the build log stream, server to client only ({@link TaskFrame}s).
 * On connect the kept runs are replayed. Needs {@code READ} in the workspace.
 */
@Component
class TaskSocketHandler extends TextWebSocketHandler {

  static final String KIND = "tasks";
  static final CloseStatus NOT_FOUND = new CloseStatus(4404, "no such workspace");

  private static final Logger log = LoggerFactory.getLogger(TaskSocketHandler.class);
  private static final int SEND_TIME_LIMIT_MS = 10_000;

  /** A full replay (every kept run's output) must fit. */
  private static final int BUFFER_LIMIT_BYTES = 32 * 1024 * 1024;

  private final TaskRunner runner;
  private final WorkspaceAccess access;
  private final LiveSockets liveSockets;
  private final OpenSockets openSockets;
  private final ObjectMapper mapper;
  private final Map<String, List<AutoCloseable>> resources = new ConcurrentHashMap<>();

  TaskSocketHandler(
      TaskRunner runner,
      WorkspaceAccess access,
      LiveSockets liveSockets,
      OpenSockets openSockets,
      ObjectMapper mapper) {
    this.runner = runner;
    this.access = access;
    this.liveSockets = liveSockets;
    this.openSockets = openSockets;
    this.mapper = mapper;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
    String userId = SocketSupport.userId(raw.getPrincipal());
    if (userId == null) {
      raw.close(CloseStatus.POLICY_VIOLATION.withReason("authentication required"));
      return;
    }
    String workspaceId = workspaceId(raw);
    WorkspaceRole role;
    try {
      access.require(userId, workspaceId, WorkspaceRole.READ);
      role = access.role(userId, workspaceId).orElseThrow();
    } catch (AtelierException e) {
      raw.close(NOT_FOUND);
      return;
    }
    WebSocketSession session =
        new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
    List<AutoCloseable> owned = new ArrayList<>();
    owned.add(liveSockets.register(workspaceId, userId, role == WorkspaceRole.OWNER, raw));
    owned.add(openSockets.opened(KIND));
    resources.put(raw.getId(), owned);
    owned.add(
        runner.subscribe(
            workspaceId,
            new TaskListener() {
              @Override
              public void started(TaskRun run) {
                send(session, TaskFrame.started(run));
              }

              @Override
              public void output(String runId, String data) {
                send(session, TaskFrame.output(runId, data));
              }

              @Override
              public void exited(TaskRun run) {
                send(session, TaskFrame.exited(run));
              }
            }));
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    // The stream is one-way; running and stopping go through the REST API.
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    List<AutoCloseable> owned = resources.remove(session.getId());
    if (owned == null) {
      return;
    }
    SocketSupport.release(owned, KIND);
  }

  private void send(WebSocketSession session, TaskFrame frame) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.sendMessage(new TextMessage(mapper.writeValueAsString(frame)));
    } catch (IOException | RuntimeException e) {
      log.debug("Dropping build log socket {}: {}", session.getId(), e.toString());
      try {
        session.close(CloseStatus.SESSION_NOT_RELIABLE);
      } catch (IOException | RuntimeException ignored) {
        // already broken; afterConnectionClosed releases the subscription
      }
    }
  }

  /** {@code workspaceId} from {@code /tasks/{workspaceId}}. */
  static String workspaceId(WebSocketSession session) {
    if (session.getUri() == null) {
      return "";
    }
    String path = session.getUri().getPath();
    int at = path.indexOf("/tasks/");
    return at < 0 ? "" : path.substring(at + "/tasks/".length());
  }
}
