package dev.atelier.server.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.observability.OpenSockets;
import dev.atelier.server.sockets.SocketSupport;
import java.io.IOException;
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
 * Sends each connected user the status events of their own workspaces. Sends go through a bounded
 * buffer per session: a client that stops reading is disconnected instead of holding events in
 * memory.
 */
@Component
class StatusSocketHandler extends TextWebSocketHandler {

  static final String KIND = "status";
  private static final Logger log = LoggerFactory.getLogger(StatusSocketHandler.class);
  private static final int SEND_TIME_LIMIT_MS = 10_000;
  private static final int BUFFER_LIMIT_BYTES = 512 * 1024;

  private final EventBus bus;
  private final OpenSockets sockets;
  private final ObjectMapper mapper;
  private final Map<String, List<AutoCloseable>> resources = new ConcurrentHashMap<>();

  StatusSocketHandler(EventBus bus, OpenSockets sockets, ObjectMapper mapper) {
    this.bus = bus;
    this.sockets = sockets;
    this.mapper = mapper;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
    String userId = SocketSupport.userId(raw.getPrincipal());
    if (userId == null) {
      raw.close(CloseStatus.POLICY_VIOLATION.withReason("authentication required"));
      return;
    }
    WebSocketSession session =
        new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
    AutoCloseable statuses =
        bus.subscribe(
            WorkspaceStatusEvent.class,
            e -> {
              if (userId.equals(e.ownerId())) {
                send(
                    session,
                    new StatusFrame("status", e.workspaceId(), e.phase(), e.conditions(), e.at()));
              }
            });
    AutoCloseable deletions =
        bus.subscribe(
            WorkspaceDeletedEvent.class,
            e -> {
              if (userId.equals(e.ownerId())) {
                send(session, new StatusFrame("deleted", e.workspaceId(), null, List.of(), e.at()));
              }
            });
    resources.put(raw.getId(), List.of(statuses, deletions, sockets.opened(KIND)));
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    List<AutoCloseable> owned = resources.remove(session.getId());
    if (owned == null) {
      return;
    }
    SocketSupport.release(owned, KIND);
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    // The stream is one-way; anything a client sends is ignored.
  }

  private void send(WebSocketSession session, StatusFrame frame) {
    if (!session.isOpen()) {
      return;
    }
    try {
      session.sendMessage(new TextMessage(mapper.writeValueAsString(frame)));
    } catch (IOException | RuntimeException e) {
      log.debug("Dropping status socket {}: {}", session.getId(), e.toString());
      try {
        session.close(CloseStatus.SESSION_NOT_RELIABLE);
      } catch (IOException ignored) {
        // already broken; afterConnectionClosed releases the subscriptions
      }
    }
  }
}
