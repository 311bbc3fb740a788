package dev.atelier.server.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import dev.atelier.server.sockets.Socket;
import dev.atelier.server.sockets.SocketConnection;
import dev.atelier.server.sockets.SocketEndpoint;
import dev.atelier.server.sockets.SocketSpec;
import dev.atelier.server.sockets.SocketSupport;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * {@code /api/events}: sends each connected user the status events of their own workspaces. Sends
 * go through a bounded buffer per socket: a client that stops reading is disconnected instead of
 * holding events in memory.
 */
@Component
class StatusSocketHandler implements SocketEndpoint<Void> {

  static final String KIND = "status";
  static final String PATH = "/api/events";

  private static final SocketSpec SPEC =
      SocketSpec.of(KIND, PATH, null, 64 * 1024, SocketSpec.Outbound.buffered(512 * 1024));

  private final EventBus bus;
  private final ObjectMapper mapper;

  StatusSocketHandler(EventBus bus, ObjectMapper mapper) {
    this.bus = bus;
    this.mapper = mapper;
  }

  @Override
  public SocketSpec spec() {
    return SPEC;
  }

  @Override
  public Target<Void> target(URI uri) {
    return new Target<>(null, null);
  }

  @Override
  public SocketConnection open(Socket socket, Admission<Void> admission) {
    String userId = admission.userId();
    AutoCloseable statuses =
        bus.subscribe(
            WorkspaceStatusEvent.class,
            e -> {
              if (userId.equals(e.ownerId())) {
                send(
                    socket,
                    new StatusFrame("status", e.workspaceId(), e.phase(), e.conditions(), e.at()));
              }
            });
    AutoCloseable deletions =
        bus.subscribe(
            WorkspaceDeletedEvent.class,
            e -> {
              if (userId.equals(e.ownerId())) {
                send(socket, new StatusFrame("deleted", e.workspaceId(), null, List.of(), e.at()));
              }
            });
    return new SocketConnection() {
      @Override
      public void onText(String text) {
        // The stream is one-way; anything a client sends is ignored.
      }

      @Override
      public void closed(CloseStatus status) {
        SocketSupport.release(List.of(statuses, deletions), KIND);
      }
    };
  }

  private void send(Socket socket, StatusFrame frame) {
    try {
      socket.sendText(mapper.writeValueAsString(frame));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
