package dev.atelier.server.collab;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.hub.AccessMode;
import dev.atelier.collab.hub.CloseCodes;
import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.Peer;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.collab.protocol.SyncProtocol;
import dev.atelier.documents.CollabDocuments;
import dev.atelier.documents.WorkspaceText;
import dev.atelier.documents.autoconfigure.CollabProperties;
import dev.atelier.server.sockets.Socket;
import dev.atelier.server.sockets.SocketCloses;
import dev.atelier.server.sockets.SocketConnection;
import dev.atelier.server.sockets.SocketEndpoint;
import dev.atelier.server.sockets.SocketRefusal;
import dev.atelier.server.sockets.SocketSpec;
import dev.atelier.server.workspace.WorkspaceRole;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * The y-websocket endpoint. {@code /collab/{workspaceId}/{path...}} joins the document of a
 * workspace file (READ: read-only peer, WRITE/OWNER: read-write); {@code /collab/{workspaceId}}
 * joins the workspace's presence room ({@link PresenceHub}: awareness for everyone; its document —
 * the {@code session} map of lecture mode — writable by the owner only). Sign-in, role and the
 * message size limit ({@code atelier.collab.max-message-size}, 1009 above) are the socket
 * framework's; every refusal closes the socket with a code and a reason that says what to do. A
 * malformed frame closes only its socket (1007/1003), see {@link CloseCodes}.
 */
@Component
class CollabSocketHandler implements SocketEndpoint<CollabPath> {

  static final String KIND = "collab";

  private static final Logger log = LoggerFactory.getLogger(CollabSocketHandler.class);

  /** Update frames queued for a peer that falls behind are merged into one. */
  private static final SocketSpec.Coalescer UPDATES =
      new SocketSpec.Coalescer() {
        @Override
        public boolean mergeable(byte[] frame) {
          return SyncProtocol.isUpdateFrame(frame);
        }

        @Override
        public byte[] merge(List<byte[]> frames) {
          return SyncProtocol.mergeUpdateFrames(frames);
        }
      };

  private final DocumentHub documents;
  private final PresenceHub presence;
  private final CollabDocuments files;
  private final SocketSpec spec;

  CollabSocketHandler(
      DocumentHub documents,
      PresenceHub presence,
      CollabDocuments files,
      CollabProperties properties) {
    this.documents = documents;
    this.presence = presence;
    this.files = files;
    this.spec =
        SocketSpec.of(
            KIND,
            "/collab/**",
            WorkspaceRole.READ,
            properties.maxMessageSize().toBytes(),
            SocketSpec.Outbound.queued(
                (int) Math.min(Integer.MAX_VALUE, properties.sendBufferSize().toBytes()), UPDATES));
  }

  @Override
  public SocketSpec spec() {
    return spec;
  }

  @Override
  public Target<CollabPath> target(URI uri) throws SocketRefusal {
    try {
      CollabPath path = CollabPath.parse(uri);
      return new Target<>(path.workspaceId(), path);
    } catch (CollabPath.InvalidPath e) {
      throw new SocketRefusal(SocketCloses.badPath(e.getMessage()));
    }
  }

  @Override
  public SocketConnection open(Socket socket, Admission<CollabPath> admission)
      throws SocketRefusal {
    CollabPath target = admission.detail();
    WorkspaceRole role = admission.role();
    AccessMode mode =
        target.presence()
            ? (role == WorkspaceRole.OWNER ? AccessMode.READ_WRITE : AccessMode.READ_ONLY)
            : (role.atLeast(WorkspaceRole.WRITE) ? AccessMode.READ_WRITE : AccessMode.READ_ONLY);
    SocketPeerConnection peerSocket = new SocketPeerConnection(socket);
    if (target.presence()) {
      DocumentHub hub = presence.hub();
      Peer peer = join(hub, PresenceHub.room(target.workspaceId()), peerSocket, mode);
      return new PeerSocket(hub, peer, false);
    }
    RoomId room = new RoomId(target.workspaceId(), target.path());
    files.peerJoined(room);
    try {
      return new PeerSocket(documents, join(documents, room, peerSocket, mode), true);
    } catch (SocketRefusal | RuntimeException e) {
      files.peerLeft(room);
      throw e;
    }
  }

  private static Peer join(DocumentHub hub, RoomId room, SocketPeerConnection socket, AccessMode m)
      throws SocketRefusal {
    try {
      return hub.join(room, socket, m);
    } catch (WorkspaceText.Unavailable e) {
      throw new SocketRefusal(new CloseStatus(e.closeCode(), e.getMessage()));
    } catch (CollabException e) {
      throw new SocketRefusal(new CloseStatus(CloseCodes.forError(e), e.getMessage()));
    } catch (UncheckedIOException e) {
      log.warn("{}: cannot open the document", room, e);
      throw new SocketRefusal(SocketCloses.serverError("the document cannot be loaded; try again"));
    } catch (RuntimeException e) {
      log.warn("{}: joining failed", room, e);
      throw new SocketRefusal(SocketCloses.serverError("joining the document failed; try again"));
    }
  }

  /** One joined peer: y-websocket frames are binary; text frames are refused (1003). */
  private final class PeerSocket implements SocketConnection {
    private final DocumentHub hub;
    private final Peer peer;
    private final boolean document;

    PeerSocket(DocumentHub hub, Peer peer, boolean document) {
      this.hub = hub;
      this.peer = peer;
      this.document = document;
    }

    @Override
    public void onText(String text) throws SocketRefusal {
      throw new SocketRefusal(
          SocketCloses.unsupportedFrame("y-websocket frames are binary; text frames are refused"));
    }

    @Override
    public void onBinary(byte[] frame) {
      hub.receive(peer, frame);
    }

    @Override
    public void closed(CloseStatus status) {
      hub.leave(peer);
      if (document) {
        files.peerLeft(peer.roomId());
      }
    }
  }
}
