package dev.atelier.collab.hub;

import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.encoding.Lib0Writer;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The collaboration hub: one authoritative document per room, kept durable in a {@link
 * DocumentStore} and shared with the room's peers over y-websocket frames.
 *
 * <p>Protocol: on {@link #join} a peer receives sync step 1 and the known awareness states. {@link
 * #receive} answers step 1 with step 2; applies a step 2 / update from a {@link
 * AccessMode#READ_WRITE} peer, appends the resulting update to the store (durable when it returns)
 * and only then broadcasts it to the other peers; handles awareness (a connection may only speak
 * for the awareness clients it announced first) and query-awareness. A malformed or oversized frame
 * closes only its peer (see {@link CloseCodes}) and changes nothing.
 *
 * <p>Threading: each room has a lock, so a room's frames are handled one at a time while different
 * rooms run in parallel on the callers' threads. Log compaction, idle-room closing and awareness
 * timeouts run on one background thread. Updates are made durable by group commit (see {@link
 * HubOptions#commitThreads()}): the store syncs a room's log once for every update that arrived
 * while the previous sync ran, and the frames carrying them are sent after that sync, so {@link
 * #receive} may return before its update is relayed.
 *
 * <p>Initial content: when the store knows nothing of a room, {@code initialText} is asked for the
 * file's text, which becomes one insert by the client {@link #seedClientId(String)} — derived from
 * the text, so every server start seeds identical bytes and browsers holding an old state never see
 * the text twice — and that seed update is appended to the log, so it is created only once. Later,
 * the store is the truth: the file is not consulted again (after a crash the log may be newer than
 * the file); the server applies out-of-band file changes with {@link #applyExternalEdit}.
 */
public final class DocumentHub implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DocumentHub.class.getName());

  /** Origin of edits made through {@link #applyExternalEdit} (changes on disk). */
  public static final String ORIGIN_DISK = "disk";

  /**
   * Origin of edits made through {@link #applyEdit} on behalf of a language server or another tool
   * (a rename's changes): an edit like a peer's, which the file follows like after typing.
   */
  public static final String ORIGIN_TOOL = "tool";

  /** Origin of the initial content and of updates replayed from the store. */
  public static final String ORIGIN_FILE = "file";

  private final DocumentStore store;
  private final Function<RoomId, String> initialText;
  private final HubOptions options;
  private final ConcurrentHashMap<RoomId, Room> rooms = new ConcurrentHashMap<>();
  private final List<DocumentListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService background;
  // Null: syncs run on the thread that claimed them (HubOptions.commitThreads() == 0).
  private final ExecutorService commits;
  private volatile boolean shutDown;
  // Serialises deleteRoom and moveRoom (see withClosedRooms).
  private final ReentrantLock structure = new ReentrantLock();

  /**
   * @param store where rooms are persisted; not closed by the hub
   * @param initialText the file's current text for a room the store does not know (null or empty:
   *     an empty document)
   */
  public DocumentHub(
      DocumentStore store, Function<RoomId, String> initialText, HubOptions options) {
    this.store = Objects.requireNonNull(store, "store");
    this.initialText = Objects.requireNonNull(initialText, "initialText");
    this.options = Objects.requireNonNull(options, "options");
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "collab-hub");
              t.setDaemon(true);
              return t;
            });
    this.commits =
        options.commitThreads() == 0
            ? null
            : Executors.newFixedThreadPool(
                options.commitThreads(),
                r -> {
                  Thread t = new Thread(r, "collab-commit");
                  t.setDaemon(true);
                  return t;
                });
    long every = options.awarenessCheckInterval().toMillis();
    background.scheduleWithFixedDelay(this::checkAwareness, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Joins a connection to a room, opening (loading or seeding) the room first. Sends sync step 1
   * and the awareness states to the connection.
   *
   * @throws java.io.UncheckedIOException when the room cannot be loaded (close the socket, 1011)
   */
  public Peer join(RoomId roomId, PeerConnection connection, AccessMode mode) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(mode, "mode");
    Peer peer = new Peer(roomId, connection, mode);
    withRoom(
        roomId,
        room -> {
          if (room.idleClose != null) {
            room.idleClose.cancel(false);
            room.idleClose = null;
          }
          room.add(peer);
          return null;
        });
    return peer;
  }

  /** Handles one frame from {@code peer}; frames of a peer that left are ignored. */
  public void receive(Peer peer, byte[] frame) {
    Room room = rooms.get(peer.roomId());
    if (room == null || peer.hasLeft()) {
      return;
    }
    boolean sync;
    room.lock.lock();
    try {
      room.receive(peer, frame);
      sync = room.claimSync();
    } finally {
      room.lock.unlock();
    }
    if (sync) {
      sync(room);
    }
  }

  /** Runs the sync the caller claimed: inline until caught up, or round by round on the pool. */
  private void sync(Room room) {
    if (commits == null) {
      while (room.syncOnce()) {
        // more arrived during the last sync: this thread leads the next one too
      }
      return;
    }
    try {
      commits.execute(
          () -> {
            if (room.syncOnce()) {
              sync(room); // queued behind other rooms' rounds: no room holds a thread
            }
          });
    } catch (RejectedExecutionException e) {
      // The hub is closing: the room is compacted (made durable) and its peers closed.
    }
  }

  /** The connection closed: removes the peer and its awareness states (broadcast to the rest). */
  public void leave(Peer peer) {
    Room room = rooms.get(peer.roomId());
    if (room == null) {
      peer.markLeft();
      return;
    }
    room.lock.lock();
    try {
      room.leave(peer);
    } finally {
      room.lock.unlock();
    }
  }

  /** Changes what the peer may do from its next frame on (e.g. a share link became read-only). */
  public void setAccessMode(Peer peer, AccessMode mode) {
    peer.accessMode(Objects.requireNonNull(mode, "mode"));
  }

  /**
   * Closes (before returning) every connected peer matching {@code which}, e.g. the guests of a
   * revoked share link.
   *
   * @return how many peers were closed
   */
  public int closePeers(Predicate<Peer> which, int code, String reason) {
    int closed = 0;
    for (Room room : rooms.values()) {
      room.lock.lock();
      try {
        for (Peer p : new ArrayList<>(room.peers)) {
          if (which.test(p)) {
            room.closePeer(p, code, reason);
            closed++;
          }
        }
      } finally {
        room.lock.unlock();
      }
    }
    return closed;
  }

  /** The peers currently in {@code roomId} (empty when the room is not open). */
  public List<Peer> peers(RoomId roomId) {
    Room room = rooms.get(roomId);
    if (room == null) {
      return List.of();
    }
    room.lock.lock();
    try {
      return List.copyOf(room.peers);
    } finally {
      room.lock.unlock();
    }
  }

  /** The rooms open right now. */
  public Set<RoomId> openRooms() {
    return Set.copyOf(rooms.keySet());
  }

  /** The room's text ({@code doc.getText("content")}), opening the room if needed. */
  public String documentText(RoomId roomId) {
    return withRoom(roomId, Room::text);
  }

  /**
   * Makes the room's text equal to {@code newText} with one minimal replacement (common prefix and
   * suffix kept) from {@link #ORIGIN_DISK}, logged and broadcast like a peer's update; concurrent
   * edits elsewhere in the text survive.
   *
   * @return false when the text was already equal
   * @throws dev.atelier.collab.CollabException LIMIT_EXCEEDED above the document size limit
   */
  public boolean applyExternalEdit(RoomId roomId, String newText) {
    Objects.requireNonNull(newText, "newText");
    return withRoom(roomId, room -> room.applyExternalEdit(current -> newText, ORIGIN_DISK));
  }

  /**
   * Like {@link #applyExternalEdit(RoomId, String)}, with the new text computed from the current
   * one while the room is locked, so that no edit can slip in between reading and replacing (a
   * three-way merge of a disk change with unsaved edits needs this).
   *
   * @param edit maps the current text to the new text; called once, with the room locked
   * @return false when the text was already equal
   */
  public boolean applyExternalEdit(RoomId roomId, UnaryOperator<String> edit) {
    return applyEdit(roomId, edit, ORIGIN_DISK);
  }

  /**
   * Like {@link #applyExternalEdit(RoomId, UnaryOperator)}, tagged with {@code origin} ({@link
   * #ORIGIN_DISK} for a change seen on disk, {@link #ORIGIN_TOOL} for a language server's or a
   * tool's edit), which {@link DocumentListener}s receive.
   */
  public boolean applyEdit(RoomId roomId, UnaryOperator<String> edit, String origin) {
    Objects.requireNonNull(edit, "edit");
    Objects.requireNonNull(origin, "origin");
    return withRoom(roomId, room -> room.applyExternalEdit(edit, origin));
  }

  /**
   * Closes a room now (file deleted or moved): its peers are closed with {@code code} and the log
   * is compacted. Does nothing when the room is not open.
   */
  public void closeRoom(RoomId roomId, int code, String reason) {
    Room room = rooms.get(roomId);
    if (room != null) {
      room.lock.lock();
      try {
        shutRoom(room, code, reason);
      } finally {
        room.lock.unlock();
      }
    }
  }

  /**
   * The file was deleted: closes the room's peers with {@link CloseCodes#GOING_AWAY} and deletes
   * its stored state. The caller stops routing joins to the path first.
   */
  public void deleteRoom(RoomId roomId) {
    withClosedRooms(List.of(roomId), List.of("file deleted"), () -> store.delete(roomId));
  }

  /**
   * The file was renamed: closes the room's peers with {@link CloseCodes#GOING_AWAY} (clients
   * reconnect under the new name) and moves its stored state, replacing what {@code to} had.
   */
  public void moveRoom(RoomId from, RoomId to) {
    if (from.equals(to)) {
      closeRoom(from, CloseCodes.GOING_AWAY, "file moved");
      return;
    }
    withClosedRooms(
        List.of(from, to),
        List.of("file moved to " + to.path(), "file replaced by " + from.path()),
        () -> store.move(from, to));
  }

  /**
   * Closes the rooms and changes their stored state while holding them: each stays in the map,
   * closed and locked, until the change is done (for a room that was not open, a new unloaded Room
   * object is put in the map and held the same way), so a join racing the change waits for it and
   * then loads what it left. One change at a time, so two changes never lock the same rooms in
   * opposite orders (a move A→B racing a move B→A).
   */
  private void withClosedRooms(List<RoomId> ids, List<String> reasons, Runnable storeChange) {
    if (shutDown) {
      storeChange.run(); // every room was closed with the hub
      return;
    }
    structure.lock();
    try {
      List<Room> held = new ArrayList<>();
      try {
        for (RoomId id : ids) {
          held.add(lockOpen(id));
        }
        for (int i = 0; i < held.size(); i++) {
          closePeersAndCompact(held.get(i), CloseCodes.GOING_AWAY, reasons.get(i));
        }
        storeChange.run();
      } finally {
        for (int i = held.size() - 1; i >= 0; i--) {
          Room room = held.get(i);
          try {
            if (!room.closed) {
              discard(room);
            }
          } finally {
            room.lock.unlock();
          }
        }
      }
    } finally {
      structure.unlock();
    }
  }

  /** The room in the map (a new, unloaded one if none), locked and not closed. */
  private Room lockOpen(RoomId id) {
    while (true) {
      Room room = rooms.computeIfAbsent(id, i -> new Room(i, this));
      room.lock.lock();
      if (!room.closed) {
        return room;
      }
      room.lock.unlock(); // discarded meanwhile: the map has (or will have) another
    }
  }

  /** Registers a listener for every text change; closing the result unregisters it. */
  public AutoCloseable onDocumentChanged(DocumentListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  /** The client id of the seed update for {@code text}: 53 bits of its SHA-256. */
  public static long seedClientId(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(h).getLong() & Lib0Writer.MAX_SAFE_INTEGER;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** The update that seeds a room with a file's text: the same bytes for the same text. */
  public static byte[] seedUpdate(String text) {
    Doc seed = new Doc(seedClientId(text));
    seed.transact(() -> seed.getText("content").insert(0, text), ORIGIN_FILE);
    return Updates.encodeStateAsUpdate(seed);
  }

  /** Closes every peer (1001), compacts and closes every room, stops the background thread. */
  @Override
  public void close() {
    shutDown = true;
    for (Room room : new ArrayList<>(rooms.values())) {
      room.lock.lock();
      try {
        shutRoom(room, CloseCodes.GOING_AWAY, "server shutting down");
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "room " + room.id + ": closing failed", e);
      } finally {
        room.lock.unlock();
      }
    }
    background.shutdownNow();
    if (commits != null) {
      // No interrupts: an interrupted sync would close the log channel under the store.
      commits.shutdown();
    }
  }

  // --- package-private plumbing used by Room

  HubOptions options() {
    return options;
  }

  DocumentStore store() {
    return store;
  }

  String initialText(RoomId roomId) {
    return initialText.apply(roomId);
  }

  void fireChanged(RoomId roomId, Supplier<String> text, Object origin) {
    if (listeners.isEmpty()) {
      return;
    }
    // Built at most once per change, and only if a listener asks (a large file's text is costly
    // to build on every keystroke).
    String[] built = new String[1];
    Supplier<String> once =
        () -> {
          if (built[0] == null) {
            built[0] = text.get();
          }
          return built[0];
        };
    for (DocumentListener l : listeners) {
      try {
        l.documentChanged(roomId, once, origin);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "document listener failed for room " + roomId, e);
      }
    }
  }

  void requestCompaction(Room room) {
    if (!room.compactionQueued && !shutDown) {
      room.compactionQueued = true;
      background.execute(room::compactInBackground);
    }
  }

  void scheduleIdleClose(Room room) {
    if (room.idleClose != null || shutDown) {
      return;
    }
    room.idleClose =
        background.schedule(
            () -> closeIfIdle(room), options.idleRoomTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  void discard(Room room) {
    room.awaitCompaction();
    room.closed = true;
    // Released before the room leaves the map: once it has, the room can be opened again, and a
    // late release would close the new room's log under it (its force would then sync nothing).
    try {
      store.release(room.id);
    } finally {
      rooms.remove(room.id, room);
    }
  }

  private void closeIfIdle(Room room) {
    room.lock.lock();
    try {
      room.idleClose = null;
      if (room.peers.isEmpty() && !room.closed) {
        shutRoom(room, CloseCodes.GOING_AWAY, "room closed");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "room " + room.id + ": closing the idle room failed", e);
    } finally {
      room.lock.unlock();
    }
  }

  private void shutRoom(Room room, int code, String reason) {
    if (room.closed) {
      return;
    }
    try {
      closePeersAndCompact(room, code, reason);
    } finally {
      discard(room);
    }
  }

  private void closePeersAndCompact(Room room, int code, String reason) {
    for (Peer p : new ArrayList<>(room.peers)) {
      room.closePeer(p, code, reason);
    }
    if (room.idleClose != null) {
      room.idleClose.cancel(false);
      room.idleClose = null;
    }
    room.compactNow();
  }

  private void checkAwareness() {
    for (Room room : rooms.values()) {
      room.lock.lock();
      try {
        room.checkAwarenessTimeouts();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "room " + room.id + ": awareness check failed", e);
      } finally {
        room.lock.unlock();
      }
    }
  }

  /**
   * Runs {@code action} on the open (loaded) room, opening it first. A room closed concurrently is
   * replaced by a fresh one; a room left without peers is scheduled for closing.
   */
  private <T> T withRoom(RoomId roomId, Function<Room, T> action) {
    if (shutDown) {
      throw new IllegalStateException("the hub is closed");
    }
    while (true) {
      Room room = rooms.computeIfAbsent(roomId, id -> new Room(id, this));
      T result;
      boolean sync;
      room.lock.lock();
      try {
        if (room.closed) {
          continue;
        }
        try {
          room.ensureLoaded();
        } catch (RuntimeException e) {
          discard(room);
          throw e;
        }
        result = action.apply(room);
        if (room.peers.isEmpty() && !room.closed) {
          scheduleIdleClose(room);
        }
        sync = room.claimSync();
      } finally {
        room.lock.unlock();
      }
      if (sync) {
        sync(room); // e.g. a seeded room or a disk edit: its frames wait for this
      }
      return result;
    }
  }
}
