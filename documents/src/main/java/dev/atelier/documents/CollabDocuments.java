package dev.atelier.documents;

import dev.atelier.collab.hub.CloseCodes;
import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.gateway.LanguageGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document–file bridge: the only writer of an open document's file and the only place that
 * turns changes seen on disk into document edits. For the workbench: save now (Ctrl+S) and dirty
 * markers; for tools: {@link #applyEdit} (a language server's rename), which goes into the document
 * and from there to the file; for the application: what happens to open documents when files move
 * or disappear ({@link #fileMoved}, {@link #fileDeleted}) or the workspace stops or is deleted.
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
public class CollabDocuments implements AutoCloseable {

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
  private final Supplier<LanguageGateway> gatewayProvider;
  // Resolved once: the provider runs a bean-factory lookup per call, and documentChanged calls it
  // per keystroke.
  private volatile Optional<LanguageGateway> gateway;
  private final FileSync sync;
  private final ConcurrentHashMap<String, List<DirtyListener>> listeners =
      new ConcurrentHashMap<>();
  private final List<AutoCloseable> subscriptions = new ArrayList<>();

  /**
   * @param saveDelay the file is written this long after the last edit
   * @param maxSaveDelay under continuous typing, at least this often
   * @param gateway the language gateway, or null when there is none (looked up on first use)
   */
  public CollabDocuments(
      DocumentHub hub,
      WorkspaceDocumentStore store,
      WorkspaceText text,
      WorkspaceWatches watches,
      Duration saveDelay,
      Duration maxSaveDelay,
      Supplier<LanguageGateway> gateway) {
    this.hub = hub;
    this.store = store;
    this.baselines = new Baselines(store);
    this.gatewayProvider = gateway;
    this.sync =
        new FileSync(
            hub,
            text,
            baselines,
            watches,
            saveDelay,
            maxSaveDelay,
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
  }

  /**
   * A language server's or a tool's edit (a rename's changes to a file): applied to the file's
   * document, so every editor sees it at once, and written to the file before this returns. Opens
   * the document (reconciled with the file) when nobody has it open. This, not a direct write, is
   * how anything but an editor changes a file that may be open.
   *
   * @param edit maps the document's current text to the edited text (called once, with the document
   *     locked); its exceptions reach the caller and nothing changes
   * @throws WorkspaceText.Unavailable when the file cannot be a shared document
   */
  public void applyEdit(String workspaceId, String path, UnaryOperator<String> edit) {
    sync.applyToolEdit(new RoomId(workspaceId, path), edit);
  }

  /**
   * Something outside the editors changed the file (the shared watch reports it; a component that
   * wrote the file itself may report it sooner): merged into the document if one is open.
   */
  public void changedOnDisk(String workspaceId, String path) {
    RoomId room;
    try {
      room = new RoomId(workspaceId, path);
    } catch (IllegalArgumentException e) {
      return;
    }
    sync.diskChanged(room);
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

  /**
   * A peer joins the room: the first one reconciles the document with the file (waits for it).
   *
   * @throws WorkspaceText.Unavailable when the file cannot be a shared document
   */
  public void peerJoined(RoomId room) {
    sync.peerJoined(room);
  }

  /** A peer left the room: the last one out has the file written at once. */
  public void peerLeft(RoomId room) {
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
      g = Optional.ofNullable(gatewayProvider.get());
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

  /**
   * A file or folder moved: open documents of what moved follow it (their rooms and baselines move,
   * peers reconnect under the new name).
   */
  public void fileMoved(String workspaceId, String from, String to, boolean directory) {
    sync.onSyncThread(
        () -> {
          for (RoomId old : affected(workspaceId, from, directory)) {
            RoomId moved = new RoomId(workspaceId, to + old.path().substring(from.length()));
            sync.untrack(old);
            hub.moveRoom(old, moved);
            baselines.load(old).ifPresent(text -> baselines.save(moved, text));
            baselines.delete(old);
            documentClosed(old);
          }
        });
  }

  /** A file or folder was deleted: its documents (open or stored) are deleted, peers closed. */
  public void fileDeleted(String workspaceId, String path, boolean directory) {
    sync.onSyncThread(
        () -> {
          for (RoomId room : affected(workspaceId, path, directory)) {
            sync.untrack(room);
            hub.deleteRoom(room);
            baselines.delete(room);
            documentClosed(room);
          }
        });
  }

  /** The workspace stops (or failed): its documents are written and their rooms closed. */
  public void workspaceStopping(String workspaceId) {
    sync.onSyncThread(
        () -> {
          for (RoomId room : openRooms(workspaceId)) {
            sync.flushNow(room);
            sync.untrack(room);
            hub.closeRoom(room, CloseCodes.GOING_AWAY, "the workspace stopped");
          }
        });
  }

  /** The workspace was deleted: its rooms close and everything stored for it is deleted. */
  public void workspaceDeleted(String workspaceId) {
    sync.onSyncThread(
        () -> {
          for (RoomId room : openRooms(workspaceId)) {
            sync.untrack(room);
            hub.closeRoom(room, CloseCodes.GOING_AWAY, "the workspace was deleted");
          }
          store.deleteWorkspace(workspaceId);
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

  /** Writes every pending edit and stops following files. */
  @Override
  public void close() {
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
