package dev.atelier.server.sockets;

import dev.atelier.server.events.AccessRevokedEvent;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * Every open WebSocket that belongs to a workspace (collab, language server, terminal, build log),
 * keyed by workspace and user, so that revoking access or deleting the workspace closes them at
 * once, whichever endpoint they came through. Handlers register a session after admitting it and
 * close the returned handle when the session ends.
 */
@Component
public class LiveSockets implements DisposableBean {

  /** Close code sent when the user's access to the workspace was revoked (4000-4999: private). */
  public static final CloseStatus ACCESS_REVOKED =
      new CloseStatus(4403, "access to this workspace was revoked");

  /** Close code sent when the workspace was deleted. */
  public static final CloseStatus WORKSPACE_DELETED =
      new CloseStatus(4404, "the workspace was deleted");

  private static final Logger log = LoggerFactory.getLogger(LiveSockets.class);

  /** Closes one tracked connection with a close status (a session, or a relayed raw socket). */
  @FunctionalInterface
  public interface Closer {
    void close(CloseStatus status) throws IOException;
  }

  private record Entry(String workspaceId, String userId, String id, Closer closer) {}

  private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
  private final AutoCloseable revocations;
  private final AutoCloseable deletions;

  public LiveSockets(EventBus bus) {
    this.revocations =
        bus.subscribe(
            AccessRevokedEvent.class,
            e -> closeWhere(e.workspaceId(), e.userId(), true, ACCESS_REVOKED));
    this.deletions =
        bus.subscribe(
            WorkspaceDeletedEvent.class,
            e -> closeWhere(e.workspaceId(), null, false, WORKSPACE_DELETED));
  }

  /**
   * Tracks {@code session} as {@code userId}'s socket in {@code workspaceId}.
   *
   * @param ownerOfWorkspace whether the user owns the workspace (owners are never revoked)
   * @return closing it stops tracking (call it when the session closes)
   */
  public AutoCloseable register(
      String workspaceId, String userId, boolean ownerOfWorkspace, WebSocketSession session) {
    return register(workspaceId, userId, ownerOfWorkspace, session.getId(), session::close);
  }

  /**
   * Tracks a connection that is not a Spring {@link WebSocketSession} (the preview proxy relays
   * WebSocket bytes without decoding them) as {@code userId}'s socket in {@code workspaceId}.
   *
   * @param id names the connection in logs
   * @param closer called once, from the thread that publishes the revocation or deletion
   * @return closing it stops tracking (call it when the connection closes)
   */
  public AutoCloseable register(
      String workspaceId, String userId, boolean ownerOfWorkspace, String id, Closer closer) {
    Entry entry = new Entry(workspaceId, ownerOfWorkspace ? null : userId, id, closer);
    entries.add(entry);
    return () -> entries.remove(entry);
  }

  /** How many sockets are tracked for the workspace (for tests and metrics). */
  public int count(String workspaceId) {
    return (int) entries.stream().filter(e -> e.workspaceId().equals(workspaceId)).count();
  }

  private void closeWhere(
      String workspaceId, String userId, boolean guestsOnly, CloseStatus status) {
    for (Entry e : entries) {
      boolean guest = e.userId() != null;
      if (!e.workspaceId().equals(workspaceId) || (guestsOnly && !guest)) {
        continue;
      }
      if (userId != null && !userId.equals(e.userId())) {
        continue;
      }
      entries.remove(e);
      try {
        e.closer().close(status);
      } catch (IOException | RuntimeException ex) {
        log.debug("Closing socket {} failed: {}", e.id(), ex.toString());
      }
    }
  }

  @Override
  public void destroy() throws Exception {
    revocations.close();
    deletions.close();
  }
}
