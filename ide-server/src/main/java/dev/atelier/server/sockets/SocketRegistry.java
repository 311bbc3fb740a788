package dev.atelier.server.sockets;

import dev.atelier.server.events.AccessRevokedEvent;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * The one registry of open sockets: every endpoint's sockets (registered by the framework) and the
 * preview proxy's relayed ones. It exports the gauge {@code atelier.sockets.open{kind=…}} and, for
 * sockets that belong to a workspace, closes them at once when the workspace is deleted ({@link
 * SocketCloses#WORKSPACE_DELETED}) or a guest's access is revoked ({@link
 * SocketCloses#ACCESS_REVOKED}), whichever endpoint they came through.
 */
@Component
public class SocketRegistry implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SocketRegistry.class);

  /** Closes one tracked connection with a close status. */
  @FunctionalInterface
  public interface Closer {
    void close(CloseStatus status) throws IOException;
  }

  /** A tracked connection; closing it stops tracking (idempotent, never throws). */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** One tracked connection; its own registration handle. */
  private final class Entry implements Registration {
    final String workspaceId;
    final String guestId;
    final String id;
    final Closer closer;
    final AtomicInteger count;
    final AtomicBoolean closed = new AtomicBoolean();

    Entry(String workspaceId, String guestId, String id, Closer closer, AtomicInteger count) {
      this.workspaceId = workspaceId;
      this.guestId = guestId;
      this.id = id;
      this.closer = closer;
      this.count = count;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        entries.remove(this);
        count.decrementAndGet();
      }
    }
  }

  private final MeterRegistry meters;
  private final Set<Entry> entries = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
  private final AutoCloseable revocations;
  private final AutoCloseable deletions;

  public SocketRegistry(EventBus bus, MeterRegistry meters) {
    this.meters = meters;
    this.revocations =
        bus.subscribe(
            AccessRevokedEvent.class,
            e -> closeWhere(e.workspaceId(), e.userId(), true, SocketCloses.ACCESS_REVOKED));
    this.deletions =
        bus.subscribe(
            WorkspaceDeletedEvent.class,
            e -> closeWhere(e.workspaceId(), null, false, SocketCloses.WORKSPACE_DELETED));
  }

  /**
   * Tracks a connection.
   *
   * @param kind the endpoint (gauge tag)
   * @param workspaceId its workspace, or null for a socket that belongs to no workspace
   * @param userId who opened it
   * @param ownerOfWorkspace whether the user owns the workspace (owners are never revoked)
   * @param id names the connection in logs
   * @param closer called at most once, from the thread that publishes a revocation or deletion
   */
  public Registration register(
      String kind,
      String workspaceId,
      String userId,
      boolean ownerOfWorkspace,
      String id,
      Closer closer) {
    AtomicInteger count = counter(kind);
    Entry entry = new Entry(workspaceId, ownerOfWorkspace ? null : userId, id, closer, count);
    count.incrementAndGet();
    entries.add(entry);
    return entry;
  }

  /** Open sockets of {@code kind} right now. */
  public int open(String kind) {
    AtomicInteger count = open.get(kind);
    return count == null ? 0 : count.get();
  }

  /** Open sockets that belong to the workspace right now. */
  public int inWorkspace(String workspaceId) {
    return (int) entries.stream().filter(e -> workspaceId.equals(e.workspaceId)).count();
  }

  private AtomicInteger counter(String kind) {
    return open.computeIfAbsent(
        kind,
        k -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder("atelier.sockets.open", count, AtomicInteger::get)
              .description("Open WebSocket connections")
              .tag("kind", k)
              .register(meters);
          return count;
        });
  }

  private void closeWhere(
      String workspaceId, String userId, boolean guestsOnly, CloseStatus status) {
    for (Entry e : entries) {
      boolean guest = e.guestId != null;
      if (!workspaceId.equals(e.workspaceId) || (guestsOnly && !guest)) {
        continue;
      }
      if (userId != null && !userId.equals(e.guestId)) {
        continue;
      }
      // Stops counting it at once: the socket is gone for its user from now on.
      e.close();
      try {
        e.closer.close(status);
      } catch (IOException | RuntimeException ex) {
        log.debug("Closing socket {} failed: {}", e.id, ex.toString());
      }
    }
  }

  @Override
  public void destroy() throws Exception {
    revocations.close();
    deletions.close();
  }
}
