package dev.atelier.server.collab;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.hub.AccessMode;
import dev.atelier.collab.hub.CloseCodes;
import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.Peer;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.documents.CollabDocuments;
import dev.atelier.documents.MemoryDocumentStore;
import dev.atelier.documents.WorkspaceText;
import dev.atelier.documents.autoconfigure.CollabProperties;
import dev.atelier.server.sockets.LiveSockets;
import dev.atelier.server.sockets.SocketSupport;
import dev.atelier.server.workspace.WorkspaceAccess;
import dev.atelier.server.workspace.WorkspaceRole;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;

/**
 * The y-websocket endpoint. {@code /collab/{workspaceId}/{path...}} joins the document of a
 * workspace file (READ: read-only peer, WRITE/OWNER: read-write); {@code /collab/{workspaceId}}
 * joins the workspace's presence room (awareness for everyone; its document — the {@code session}
 * map of lecture mode — writable by the owner only). Authentication is the security chain's
 * (session cookie, or {@code ?token=} on the handshake); every refusal after the handshake closes
 * the socket with a code and a reason that says what to do.
 *
 * <p>Messages may arrive in fragments; they are assembled up to {@code atelier.collab.max-message-
 * size} (larger: 1009). A malformed frame closes only its socket (1007/1003), see {@link
 * CloseCodes}.
 */
@Component
class CollabSocketHandler extends BinaryWebSocketHandler implements DisposableBean, SmartLifecycle {

  /** Close code: the user has no role in the workspace (or it does not exist). */
  static final int NO_WORKSPACE = 4404;

  /** The one presence room of a workspace lives under this path in the presence hub. */
  static final String PRESENCE_PATH = "presence";

  private static final Logger log = LoggerFactory.getLogger(CollabSocketHandler.class);

  private final DocumentHub documents;
  private final DocumentHub presence;
  private final CollabDocuments files;
  private final WorkspaceAccess access;
  private final LiveSockets liveSockets;
  private final CollabProperties properties;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private volatile boolean running;

  /** One admitted socket. */
  private static final class Connection {
    final SocketPeerConnection socket;
    final boolean presence;
    final AutoCloseable registration;
    volatile Peer peer;
    ByteArrayOutputStream partial;

    Connection(SocketPeerConnection socket, boolean presence, AutoCloseable registration) {
      this.socket = socket;
      this.presence = presence;
      this.registration = registration;
    }
  }

  CollabSocketHandler(
      DocumentHub documents,
      CollabDocuments files,
      WorkspaceAccess access,
      LiveSockets liveSockets,
      CollabProperties properties) {
    this.documents = documents;
    this.files = files;
    this.access = access;
    this.liveSockets = liveSockets;
    this.properties = properties;
    this.presence =
        new DocumentHub(
            new MemoryDocumentStore(),
            room -> "",
            // In memory: nothing to sync, so commits run on the socket threads.
            CollabConfiguration.hubOptions(properties)
                .withMaxDocumentBytes(1 << 20)
                .withCommitThreads(0));
  }

  @Override
  public boolean supportsPartialMessages() {
    return true;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws IOException {
    CollabPath target;
    try {
      target = CollabPath.parse(session.getUri());
    } catch (CollabPath.InvalidPath e) {
      refuse(session, CloseCodes.POLICY_VIOLATION, e.getMessage());
      return;
    }
    String userId = SocketSupport.userId(session.getPrincipal());
    if (userId == null) {
      refuse(session, CloseCodes.POLICY_VIOLATION, "sign in, or pass an API token as ?token=");
      return;
    }
    Optional<WorkspaceRole> role = access.role(userId, target.workspaceId());
    if (role.isEmpty()) {
      refuse(session, NO_WORKSPACE, "you have no workspace with id " + target.workspaceId());
      return;
    }
    AccessMode mode =
        target.presence()
            ? (role.get() == WorkspaceRole.OWNER ? AccessMode.READ_WRITE : AccessMode.READ_ONLY)
            : (role.get().atLeast(WorkspaceRole.WRITE)
                ? AccessMode.READ_WRITE
                : AccessMode.READ_ONLY);
    RoomId room =
        new RoomId(target.workspaceId(), target.presence() ? PRESENCE_PATH : target.path());
    SocketPeerConnection socket =
        new SocketPeerConnection(session, properties.sendBufferSize().toBytes());
    AutoCloseable registration =
        liveSockets.register(
            target.workspaceId(), userId, role.get() == WorkspaceRole.OWNER, session);
    Connection connection = new Connection(socket, target.presence(), registration);
    connections.put(session.getId(), connection);
    try {
      if (target.presence()) {
        connection.peer = presence.join(room, socket, mode);
      } else {
        files.peerJoined(room);
        try {
          connection.peer = documents.join(room, socket, mode);
        } catch (RuntimeException e) {
          files.peerLeft(room);
          throw e;
        }
      }
    } catch (WorkspaceText.Unavailable e) {
      socket.close(e.closeCode(), e.getMessage());
    } catch (CollabException e) {
      socket.close(CloseCodes.forError(e), e.getMessage());
    } catch (UncheckedIOException e) {
      log.warn("{}: cannot open the document", room, e);
      socket.close(CloseCodes.INTERNAL_ERROR, "the document cannot be loaded; try again");
    } catch (RuntimeException e) {
      log.warn("{}: joining failed", room, e);
      socket.close(CloseCodes.INTERNAL_ERROR, "joining the document failed; try again");
    }
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
    Connection c = connections.get(session.getId());
    if (c == null || c.peer == null) {
      return;
    }
    ByteBuffer payload = message.getPayload();
    long limit = properties.maxMessageSize().toBytes();
    if (c.partial == null && message.isLast()) {
      if (payload.remaining() > limit) {
        tooBig(c, payload.remaining());
        return;
      }
      deliver(c, bytes(payload));
      return;
    }
    if (c.partial == null) {
      c.partial = new ByteArrayOutputStream();
    }
    if (c.partial.size() + (long) payload.remaining() > limit) {
      tooBig(c, c.partial.size() + (long) payload.remaining());
      c.partial = null;
      return;
    }
    byte[] chunk = bytes(payload);
    c.partial.write(chunk, 0, chunk.length);
    if (message.isLast()) {
      byte[] whole = c.partial.toByteArray();
      c.partial = null;
      deliver(c, whole);
    }
  }

  private void deliver(Connection c, byte[] frame) {
    (c.presence ? presence : documents).receive(c.peer, frame);
  }

  private void tooBig(Connection c, long size) {
    c.socket.close(
        CloseCodes.TOO_BIG,
        "message of "
            + size
            + " bytes exceeds the limit of "
            + properties.maxMessageSize().toBytes()
            + " bytes");
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    Connection c = connections.get(session.getId());
    if (c != null) {
      c.socket.close(
          CloseCodes.UNSUPPORTED_DATA, "y-websocket frames are binary; text frames are refused");
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.debug("collab socket {}: transport error: {}", session.getId(), exception.toString());
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    Connection c = connections.remove(session.getId());
    if (c == null) {
      return;
    }
    try {
      c.registration.close();
    } catch (Exception e) {
      log.debug("unregistering collab socket failed: {}", e.toString());
    }
    Peer peer = c.peer;
    if (peer != null) {
      (c.presence ? presence : documents).leave(peer);
      if (!c.presence) {
        files.peerLeft(peer.roomId());
      }
    }
  }

  private static void refuse(WebSocketSession session, int code, String reason) throws IOException {
    session.close(new CloseStatus(code, reason));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.get(b);
    return b;
  }

  @Override
  public void destroy() {
    presence.close();
  }

  @Override
  public void start() {
    running = true;
  }

  /**
   * Closes every collab socket (1001) while the web server still runs, before the graceful shutdown
   * of the web server: clients reconnect elsewhere or later, and nothing is lost (every relayed
   * update is already in the log; the file sync writes pending edits when it stops).
   */
  @Override
  public void stop() {
    running = false;
    for (Connection c : connections.values()) {
      c.socket.close(CloseCodes.GOING_AWAY, "server shutting down");
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stops before the web server's graceful shutdown (lower phases stop later). */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
