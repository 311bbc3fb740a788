package dev.atelier.server.sockets;

import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The endpoint template: Spring's handler for one {@link SocketEndpoint}. It admits each socket
 * (sign-in → target → role → concurrency-safe socket → registration, once), assembles fragmented
 * messages within the endpoint's limit, hands the endpoint's {@link SocketConnection} whole
 * messages, and releases everything when the socket closes. The only map of sessions per endpoint.
 */
final class EndpointHandler<T> implements WebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(EndpointHandler.class);

  /** One admitted socket. Messages of one socket arrive one at a time, so no locking. */
  static final class Live {
    final ManagedSocket socket;
    final SocketRegistry.Registration registration;
    volatile SocketConnection connection;
    private boolean released;
    ByteArrayOutputStream binaryParts;
    StringBuilder textParts;

    Live(ManagedSocket socket, SocketRegistry.Registration registration) {
      this.socket = socket;
      this.registration = registration;
    }

    /** Sets the endpoint's connection; false when the socket was released meanwhile. */
    synchronized boolean attach(SocketConnection c) {
      if (released) {
        return false;
      }
      connection = c;
      return true;
    }

    /** Marks the socket released; returns the connection to release, if it was attached. */
    synchronized SocketConnection release() {
      released = true;
      return connection;
    }
  }

  private final SocketEndpoint<T> endpoint;
  private final SocketSpec spec;
  private final WorkspaceAccess access;
  private final SocketRegistry registry;
  private final Map<String, Live> live = new ConcurrentHashMap<>();

  EndpointHandler(SocketEndpoint<T> endpoint, WorkspaceAccess access, SocketRegistry registry) {
    this.endpoint = endpoint;
    this.spec = endpoint.spec();
    this.access = access;
    this.registry = registry;
  }

  SocketSpec spec() {
    return spec;
  }

  Collection<Live> sockets() {
    return live.values();
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws IOException {
    String userId = SocketSupport.userId(session.getPrincipal());
    if (userId == null) {
      session.close(SocketCloses.UNAUTHENTICATED);
      return;
    }
    SocketEndpoint.Target<T> target;
    WorkspaceRole role = null;
    try {
      target = endpoint.target(session.getUri());
      if (spec.minimumRole() != null) {
        Optional<WorkspaceRole> found =
            target.workspaceId() == null || target.workspaceId().isEmpty()
                ? Optional.empty()
                : access.role(userId, target.workspaceId());
        if (found.isEmpty()) {
          throw new SocketRefusal(SocketCloses.noWorkspace(target.workspaceId()));
        }
        if (!found.get().atLeast(spec.minimumRole())) {
          throw new SocketRefusal(SocketCloses.roleTooLow(spec.minimumRole().name()));
        }
        role = found.get();
      }
    } catch (SocketRefusal e) {
      session.close(e.status());
      return;
    }
    String workspaceId = spec.minimumRole() == null ? null : target.workspaceId();
    ManagedSocket socket = ManagedSocket.of(session, spec.outbound());
    SocketRegistry.Registration registration =
        registry.register(
            spec.kind(),
            workspaceId,
            userId,
            role == WorkspaceRole.OWNER,
            spec.kind() + "@" + session.getId(),
            socket::close);
    Live admitted = new Live(socket, registration);
    live.put(session.getId(), admitted);
    try {
      SocketConnection connection =
          endpoint.open(
              socket, new SocketEndpoint.Admission<>(userId, workspaceId, role, target.detail()));
      if (!admitted.attach(connection)) {
        // The socket closed while the endpoint opened it: nothing will call us again.
        closeQuietly(connection, session.getId(), CloseStatus.NORMAL);
      }
    } catch (SocketRefusal e) {
      socket.close(e.status());
    } catch (RuntimeException e) {
      log.warn("{} socket {}: opening failed", spec.kind(), session.getId(), e);
      socket.close(SocketCloses.serverError("opening the connection failed; try again"));
    }
    if (!session.isOpen()) {
      // Closed (refused, revoked) during admission: the container may already have reported it.
      release(session.getId(), CloseStatus.NORMAL);
    }
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
    Live l = live.get(session.getId());
    if (l == null || l.connection == null || l.socket.closing()) {
      return;
    }
    try {
      if (message instanceof BinaryMessage binary) {
        byte[] whole = assemble(l, binary);
        if (whole != null) {
          l.connection.onBinary(whole);
        }
      } else if (message instanceof TextMessage text) {
        String whole = assemble(l, text);
        if (whole != null) {
          l.connection.onText(whole);
        }
      }
      // Pongs need nothing.
    } catch (SocketRefusal e) {
      l.socket.close(e.status());
    } catch (RuntimeException e) {
      log.warn("{} socket {}: handling a message failed", spec.kind(), session.getId(), e);
      l.socket.close(SocketCloses.serverError("the server failed on this message; reconnect"));
    }
  }

  private byte[] assemble(Live l, BinaryMessage message) throws SocketRefusal {
    ByteBuffer payload = message.getPayload();
    long size = (l.binaryParts == null ? 0 : l.binaryParts.size()) + (long) payload.remaining();
    if (size > spec.maxMessageBytes()) {
      l.binaryParts = null;
      throw new SocketRefusal(SocketCloses.tooBig(size, spec.maxMessageBytes()));
    }
    byte[] chunk = new byte[payload.remaining()];
    payload.get(chunk);
    if (l.binaryParts == null && message.isLast()) {
      return chunk;
    }
    if (l.binaryParts == null) {
      l.binaryParts = new ByteArrayOutputStream();
    }
    l.binaryParts.write(chunk, 0, chunk.length);
    if (!message.isLast()) {
      return null;
    }
    byte[] whole = l.binaryParts.toByteArray();
    l.binaryParts = null;
    return whole;
  }

  private String assemble(Live l, TextMessage message) throws SocketRefusal {
    String chunk = message.getPayload();
    long size = (l.textParts == null ? 0 : l.textParts.length()) + (long) chunk.length();
    if (size > spec.maxMessageBytes()) {
      l.textParts = null;
      throw new SocketRefusal(SocketCloses.tooBig(size, spec.maxMessageBytes()));
    }
    if (l.textParts == null && message.isLast()) {
      return chunk;
    }
    if (l.textParts == null) {
      l.textParts = new StringBuilder();
    }
    l.textParts.append(chunk);
    if (!message.isLast()) {
      return null;
    }
    String whole = l.textParts.toString();
    l.textParts = null;
    return whole;
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.debug(
        "{} socket {}: transport error: {}", spec.kind(), session.getId(), exception.toString());
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    release(session.getId(), status);
  }

  private void release(String sessionId, CloseStatus status) {
    Live l = live.remove(sessionId);
    if (l == null) {
      return;
    }
    l.registration.close();
    SocketConnection connection = l.release();
    if (connection != null) {
      closeQuietly(connection, sessionId, status);
    }
  }

  private void closeQuietly(SocketConnection connection, String sessionId, CloseStatus status) {
    try {
      connection.closed(status);
    } catch (RuntimeException e) {
      log.warn("{} socket {}: releasing failed", spec.kind(), sessionId, e);
    }
  }

  @Override
  public boolean supportsPartialMessages() {
    return true;
  }
}
