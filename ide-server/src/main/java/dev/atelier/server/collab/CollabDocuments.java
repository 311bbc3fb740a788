package dev.atelier.server.collab;

import dev.atelier.collab.hub.CloseCodes;
import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.gateway.LanguageGateway;
import dev.atelier.runtime.spi.Phase;
import dev.atelier.server.events.EventBus;
import dev.atelier.server.events.FileDeletedEvent;
import dev.atelier.server.events.FileMovedEvent;
import dev.atelier.server.events.WorkspaceDeletedEvent;
import dev.atelier.server.events.WorkspaceStatusEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The shared documents of workspaces as the workbench sees them: save now (Ctrl+S), dirty markers,
 * and what happens to open documents when files move or disappear or the workspace stops.
 *
 * <p>A document is <em>dirty</em> while its file does not yet hold its latest text: from the first
 * edit after a write until the debounced write ({@code atelier.collab.save-delay}, at most 500 ms
 * after the last edit) or {@link #saveNow} has written it. Edits are durable in the document's log
 * as soon as they are acknowledged, whether the file was written or not; "dirty" only says the file
 * lags behind.
 *
 * <p>Callers check the user's role ({@code WorkspaceAccess}, WRITE to save) before calling; this
 * service does not know users.
 */
@Service
public class CollabDocuments implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(CollabDocuments.class);

  /** Told when a document of the workspace becomes dirty or is written. */
  @FunctionalInterface
  public interface DirtyListener {
    /**
     * Called on the file-sync thread, only on transitions: keep it short (e.g. {@code
     * ui.access(...)}).
     *
     * @param path the workspace-relative file path
     * @param dirty true: edits not written to the file yet; false: the file holds the document
     */
    void dirtyChanged(String path, boolean dirty);
  }

  private final DocumentHub hub;
  private final WorkspaceDocumentStore store;
  private final Baselines baselines;
  private final ObjectProvider<LanguageGateway> gatewayProvider;
  // Resolved once: the provider runs a bean-factory lookup per call, and documentChanged calls it
  // per keystroke.
  private volatile Optional<LanguageGateway> gateway;
  private final FileSync sync;
  private final ConcurrentHashMap<String, List<DirtyListener>> listeners =
      new ConcurrentHashMap<>();
  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  CollabDocuments(
      DocumentHub hub,
      WorkspaceDocumentStore store,
      WorkspaceText text,
      CollabProperties properties,
      EventBus bus,
      ObjectProvider<LanguageGateway> gateway) {
    this.hub = hub;
    this.store = store;
    this.baselines = new Baselines(store);
    this.gatewayProvider = gateway;
    this.sync =
        new FileSync(
            hub,
            text,
            baselines,
            properties.saveDelay(),
            properties.maxSaveDelay(),
            new FileSync.Listener() {
              @Override
              public void dirtyChanged(RoomId room, boolean dirty) {
                fire(room, dirty);
              }

              @Override
              public void saved(RoomId room) {
                LanguageGateway g = gateway();
                if (g != null) {
                  g.documentSaved(room.workspaceId(), room.path());
                }
              }
            });
    subscriptions.add(hub.onDocumentChanged(this::feedGateway));
    subscriptions.add(bus.subscribe(FileMovedEvent.class, this::fileMoved));
    subscriptions.add(bus.subscribe(FileDeletedEvent.class, this::fileDeleted));
    subscriptions.add(bus.subscribe(WorkspaceStatusEvent.class, this::statusChanged));
    subscriptions.add(bus.subscribe(WorkspaceDeletedEvent.class, this::workspaceDeleted));
  }

  /**
   * Writes the document's text to its file now, if it has unwritten edits (Ctrl+S).
   *
   * @return completes when the file holds the text (at once when nothing was pending or the file is
   *     not open as a shared document), or exceptionally when it could not be written
   */
  public CompletableFuture<Void> saveNow(String workspaceId, String path) {
    return sync.saveNow(new RoomId(workspaceId, path));
  }

  /**
   * Subscribes to dirty/written transitions of the workspace's documents. The current dirty
   * documents are not replayed: ask {@link #dirtyPaths} after subscribing.
   *
   * @return closing it unsubscribes
   */
  public AutoCloseable subscribe(String workspaceId, DirtyListener listener) {
    List<DirtyListener> list =
        listeners.computeIfAbsent(workspaceId, ws -> new CopyOnWriteArrayList<>());
    list.add(listener);
    return () -> list.remove(listener);
  }

  /** Whether the file lags behind its document right now. */
  public boolean isDirty(String workspaceId, String path) {
    return sync.isDirty(new RoomId(workspaceId, path));
  }

  /** The workspace's documents whose files lag behind right now. */
  public Set<String> dirtyPaths(String workspaceId) {
    Set<String> dirty = new LinkedHashSet<>();
    for (RoomId room : sync.rooms(workspaceId)) {
      if (sync.isDirty(room)) {
        dirty.add(room.path());
      }
    }
    return dirty;
  }

  // --- for the socket handler

  void peerJoined(RoomId room) {
    sync.peerJoined(room);
  }

  void peerLeft(RoomId room) {
    sync.peerLeft(room);
  }

  private void fire(RoomId room, boolean dirty) {
    List<DirtyListener> list = listeners.get(room.workspaceId());
    if (list == null) {
      return;
    }
    for (DirtyListener l : list) {
      try {
        l.dirtyChanged(room.path(), dirty);
      } catch (RuntimeException e) {
        log.warn("A dirty-state listener failed for {}", room, e);
      }
    }
  }

  /** The language gateway, when the server has one (looked up on first use, then kept). */
  private LanguageGateway gateway() {
    Optional<LanguageGateway> g = gateway;
    if (g == null) {
      g = Optional.ofNullable(gatewayProvider.getIfAvailable());
      gateway = g;
    }
    return g.orElse(null);
  }

  private void feedGateway(RoomId room, Supplier<String> text, Object origin) {
    LanguageGateway g = gateway();
    // Only a document a language server has open needs its text: not built for any other.
    if (g != null && g.serves(room.workspaceId(), room.path())) {
      g.documentChanged(room.workspaceId(), room.path(), text.get());
    }
  }

  /** Open documents of what moved follow it: their rooms and baselines move, peers reconnect. */
  private void fileMoved(FileMovedEvent e) {
    sync.onSyncThread(
        () -> {
          for (RoomId from : affected(e.workspaceId(), e.from(), e.directory())) {
            RoomId to =
                new RoomId(e.workspaceId(), e.to() + from.path().substring(e.from().length()));
            sync.untrack(from);
            hub.moveRoom(from, to);
            baselines.load(from).ifPresent(text -> baselines.save(to, text));
            baselines.delete(from);
            documentClosed(from);
          }
        });
  }

  private void fileDeleted(FileDeletedEvent e) {
    sync.onSyncThread(
        () -> {
          for (RoomId room : affected(e.workspaceId(), e.path(), e.directory())) {
            sync.untrack(room);
            hub.deleteRoom(room);
            baselines.delete(room);
            documentClosed(room);
          }
        });
  }

  private void statusChanged(WorkspaceStatusEvent e) {
    if (e.phase() != Phase.STOPPING && e.phase() != Phase.STOPPED && e.phase() != Phase.FAILED) {
      return;
    }
    sync.onSyncThread(
        () -> {
          for (RoomId room : openRooms(e.workspaceId())) {
            sync.flushNow(room);
            sync.untrack(room);
            hub.closeRoom(room, CloseCodes.GOING_AWAY, "the workspace stopped");
          }
        });
  }

  private void workspaceDeleted(WorkspaceDeletedEvent e) {
    sync.onSyncThread(
        () -> {
          for (RoomId room : openRooms(e.workspaceId())) {
            sync.untrack(room);
            hub.closeRoom(room, CloseCodes.GOING_AWAY, "the workspace was deleted");
          }
          store.deleteWorkspace(e.workspaceId());
        });
  }

  private List<RoomId> openRooms(String workspaceId) {
    Set<RoomId> rooms = new LinkedHashSet<>(sync.rooms(workspaceId));
    for (RoomId r : hub.openRooms()) {
      if (r.workspaceId().equals(workspaceId)) {
        rooms.add(r);
      }
    }
    return List.copyOf(rooms);
  }

  /** Rooms (open, followed or only stored) at {@code path}, or below it for a folder. */
  private List<RoomId> affected(String workspaceId, String path, boolean directory) {
    Set<RoomId> rooms = new LinkedHashSet<>();
    for (RoomId r : openRooms(workspaceId)) {
      if (r.path().equals(path) || (directory && r.path().startsWith(path + "/"))) {
        rooms.add(r);
      }
    }
    for (String p : baselines.pathsAt(workspaceId, path, directory)) {
      rooms.add(new RoomId(workspaceId, p));
    }
    if (!directory && !path.isEmpty()) {
      rooms.add(new RoomId(workspaceId, path)); // stored without a baseline: delete it all the same
    }
    return List.copyOf(rooms);
  }

  private void documentClosed(RoomId room) {
    LanguageGateway g = gateway();
    if (g != null) {
      g.documentClosed(room.workspaceId(), room.path());
    }
  }

  @Override
  public void destroy() {
    for (AutoCloseable s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        log.debug("unsubscribing failed: {}", e.toString());
      }
    }
    sync.close();
  }
}
