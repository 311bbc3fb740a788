package dev.atelier.documents;

import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.RoomId;
import dev.atelier.runtime.spi.WorkspaceFiles.FileChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps workspace files and their shared documents equal, and is the only writer of a followed
 * document's file. The document's text is written to the file {@code saveDelay} after the last edit
 * (atomically, through the runtime's files API); a tool's edit ({@link #applyToolEdit}) goes into
 * the document and is written at once; changes made on disk by anything else arrive through the
 * workspace's shared file watch and are merged into the document as a minimal edit (three-way,
 * against what the file held when both last agreed, so edits not yet written survive). Our own
 * writes are recognised by content and not applied back.
 *
 * <p>All file work for all rooms runs on one thread ({@code collab-file-sync}), so reads, writes
 * and baselines of a room never interleave; the hub's change listener only marks rooms dirty.
 */
final class FileSync implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FileSync.class);
  private static final long RETRY_MILLIS = 2_000;
  private static final long SWEEP_MILLIS = 5_000;

  /** Hooks the sync reports to (dirty markers, the language gateway). */
  interface Listener {
    void dirtyChanged(RoomId room, boolean dirty);

    void saved(RoomId room);
  }

  /** Per followed room; fields without volatile are used on the sync thread only. */
  private static final class Tracked {
    volatile boolean dirty;
    volatile long lastEditNanos;
    volatile long firstDirtyNanos;
    int peers;
    boolean reportedDirty;

    /** What the file holds as far as we know; null when it does not exist. */
    String base;

    ScheduledFuture<?> pending;
  }

  private final DocumentHub hub;
  private final WorkspaceText text;
  private final Baselines baselines;
  private final WorkspaceWatches workspaceWatches;
  private final long saveDelayNanos;
  private final long maxSaveDelayNanos;
  private final Listener listener;
  private final ScheduledThreadPoolExecutor executor;
  private final Map<RoomId, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<String, AutoCloseable> watches = new ConcurrentHashMap<>();
  private final List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();

  FileSync(
      DocumentHub hub,
      WorkspaceText text,
      Baselines baselines,
      WorkspaceWatches workspaceWatches,
      Duration saveDelay,
      Duration maxSaveDelay,
      Listener listener) {
    this.hub = hub;
    this.text = text;
    this.baselines = baselines;
    this.workspaceWatches = workspaceWatches;
    this.saveDelayNanos = saveDelay.toNanos();
    this.maxSaveDelayNanos = maxSaveDelay.toNanos();
    this.listener = listener;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "collab-file-sync");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.scheduleWithFixedDelay(
        () -> guarded("sweep", this::sweep), SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    subscriptions.add(hub.onDocumentChanged(this::documentChanged));
  }

  /**
   * A peer joined {@code room}: follow it (first peer: reconcile the document with the file). Waits
   * for the reconciliation, so the peer syncs the merged text.
   */
  void peerJoined(RoomId room) {
    await(
        executor.submit(
            () -> {
              Tracked t = tracked.get(room);
              if (t == null) {
                t = track(room);
              }
              t.peers++;
            }));
  }

  /** A peer left: the last one out writes the file at once. */
  void peerLeft(RoomId room) {
    executor.execute(
        () ->
            guarded(
                "leave " + room,
                () -> {
                  Tracked t = tracked.get(room);
                  if (t != null && --t.peers <= 0 && t.dirty) {
                    flush(room, t, true);
                  }
                }));
  }

  /** Writes the room's text to its file now, if it has unwritten edits. */
  CompletableFuture<Void> saveNow(RoomId room) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            Tracked t = tracked.get(room);
            if (t != null) {
              flush(room, t, true);
              if (t.dirty) {
                throw new IllegalStateException(
                    "'" + room.path() + "' could not be written; see the server log");
              }
            }
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /**
   * Applies a language server's or a tool's edit to the document (reconciling it with its file
   * first when nobody has it open) and writes the file at once. Waits for both.
   *
   * @param edit maps the document's current text to the edited text, with the room locked; its
   *     exceptions reach the caller and nothing changes
   */
  void applyToolEdit(RoomId room, UnaryOperator<String> edit) {
    await(
        executor.submit(
            () -> {
              Tracked t = tracked.get(room);
              if (t == null) {
                t = track(room);
              }
              hub.applyEdit(room, edit, DocumentHub.ORIGIN_TOOL);
              if (t.dirty) {
                flush(room, t, true);
              }
            }));
  }

  /** Something changed {@code room}'s file on disk: merge it into the document (if followed). */
  void diskChanged(RoomId room) {
    if (tracked.containsKey(room)) {
      executor.execute(() -> guarded("disk change of " + room, () -> applyDisk(room)));
    }
  }

  boolean isDirty(RoomId room) {
    Tracked t = tracked.get(room);
    return t != null && t.dirty;
  }

  /** The followed rooms of a workspace. */
  List<RoomId> rooms(String workspaceId) {
    List<RoomId> rooms = new ArrayList<>();
    for (RoomId r : tracked.keySet()) {
      if (r.workspaceId().equals(workspaceId)) {
        rooms.add(r);
      }
    }
    return rooms;
  }

  /** Runs {@code action} on the sync thread and waits for it (moves, deletes, stops). */
  void onSyncThread(Runnable action) {
    await(executor.submit(action));
  }

  /** Stops following a room (sync thread only); its peers are closed by the caller. */
  void untrack(RoomId room) {
    Tracked t = tracked.remove(room);
    if (t == null) {
      return;
    }
    if (t.pending != null) {
      t.pending.cancel(false);
    }
    if (t.reportedDirty) {
      listener.dirtyChanged(room, false);
    }
    if (rooms(room.workspaceId()).isEmpty()) {
      closeQuietly(watches.remove(room.workspaceId()));
    }
  }

  /** Writes a room's pending edits (sync thread only). */
  void flushNow(RoomId room) {
    Tracked t = tracked.get(room);
    if (t != null && t.dirty) {
      flush(room, t, true);
    }
  }

  private Tracked track(RoomId room) {
    String doc = hub.documentText(room);
    Optional<String> disk = text.read(room.workspaceId(), room.path());
    Optional<String> stored = baselines.load(room);
    Tracked t = new Tracked();
    tracked.put(room, t);
    ensureWatch(room.workspaceId());
    // No baseline: the document is the newer side (a crash before the first write); a file
    // deleted on disk while closed (baseline, no file) empties the document like any disk edit.
    String base = stored.orElse(disk.orElse(doc));
    String theirs = stored.isPresent() ? disk.orElse("") : disk.orElse(doc);
    String merged = ThreeWayMerge.merge(base, doc, theirs);
    if (!merged.equals(doc)) {
      log.info("{}: merging changes made on disk while the document was closed", room);
      hub.applyExternalEdit(room, current -> ThreeWayMerge.merge(base, current, theirs));
    }
    t.base = disk.orElse(null);
    if (disk.isPresent()) {
      baselines.save(room, disk.get());
    }
    boolean fileLags = disk.isPresent() ? !merged.equals(disk.get()) : !merged.isEmpty();
    if (fileLags) {
      markDirty(room, t);
    }
    return t;
  }

  private void ensureWatch(String workspaceId) {
    if (watches.containsKey(workspaceId)) {
      return;
    }
    try {
      watches.put(
          workspaceId,
          workspaceWatches.watch(workspaceId, change -> diskChanged(workspaceId, change)));
    } catch (RuntimeException e) {
      log.warn(
          "Workspace {}: cannot watch its files, changes made outside the editor will not reach"
              + " open documents: {}",
          workspaceId,
          e.getMessage());
    }
  }

  // Hub thread, room locked: only mark; the sync thread does the work.
  private void documentChanged(RoomId room, Supplier<String> newText, Object origin) {
    if (DocumentHub.ORIGIN_DISK.equals(origin)) {
      return;
    }
    Tracked t = tracked.get(room);
    if (t == null) {
      return; // not followed (a room opened by the language gateway); the next join reconciles
    }
    long now = System.nanoTime();
    t.lastEditNanos = now;
    if (!t.dirty) {
      t.firstDirtyNanos = now;
      t.dirty = true;
      executor.execute(() -> guarded("schedule " + room, () -> scheduleFlush(room, t)));
    }
  }

  private void markDirty(RoomId room, Tracked t) {
    long now = System.nanoTime();
    t.lastEditNanos = now;
    if (!t.dirty) {
      t.firstDirtyNanos = now;
      t.dirty = true;
    }
    scheduleFlush(room, t);
  }

  private void scheduleFlush(RoomId room, Tracked t) {
    if (tracked.get(room) != t) {
      return;
    }
    if (t.dirty && !t.reportedDirty) {
      t.reportedDirty = true;
      listener.dirtyChanged(room, true);
    }
    if (t.pending == null && t.dirty) {
      t.pending =
          executor.schedule(
              () -> guarded("write " + room, () -> flush(room, t, false)),
              saveDelayNanos,
              TimeUnit.NANOSECONDS);
    }
  }

  private void flush(RoomId room, Tracked t, boolean force) {
    if (t.pending != null) {
      t.pending.cancel(false);
      t.pending = null;
    }
    if (tracked.get(room) != t || !t.dirty) {
      return;
    }
    long now = System.nanoTime();
    long quietFor = now - t.lastEditNanos;
    if (!force && quietFor < saveDelayNanos && now - t.firstDirtyNanos < maxSaveDelayNanos) {
      t.pending =
          executor.schedule(
              () -> guarded("write " + room, () -> flush(room, t, false)),
              saveDelayNanos - quietFor,
              TimeUnit.NANOSECONDS);
      return;
    }
    // Cleared before reading: an edit landing after the read marks the room dirty again.
    t.dirty = false;
    String current;
    try {
      if (t.base != null && text.files(room.workspaceId()).stat(room.path()).isEmpty()) {
        // Deleted or moved away since we last wrote it: a move's event is on its way, and a
        // delete by a process means "gone" — only a new edit recreates the file.
        t.base = null;
        if (t.reportedDirty) {
          t.reportedDirty = false;
          listener.dirtyChanged(room, false);
        }
        return;
      }
      current = hub.documentText(room);
      if (!current.equals(t.base)) {
        text.files(room.workspaceId()).write(room.path(), current.getBytes(StandardCharsets.UTF_8));
        t.base = current;
        baselines.save(room, current);
      }
    } catch (RuntimeException e) {
      log.warn("{}: writing the file failed, retrying: {}", room, e.getMessage());
      t.dirty = true;
      t.pending =
          executor.schedule(
              () -> guarded("write " + room, () -> flush(room, t, false)),
              RETRY_MILLIS,
              TimeUnit.MILLISECONDS);
      return;
    }
    listener.saved(room);
    if (!t.dirty && t.reportedDirty) {
      t.reportedDirty = false;
      listener.dirtyChanged(room, false);
    } else if (t.dirty) {
      scheduleFlush(room, t);
    }
  }

  // Runtime watch thread.
  private void diskChanged(String workspaceId, FileChange change) {
    RoomId room;
    try {
      room = new RoomId(workspaceId, change.path());
    } catch (IllegalArgumentException e) {
      return;
    }
    diskChanged(room);
  }

  private void applyDisk(RoomId room) {
    Tracked t = tracked.get(room);
    if (t == null) {
      return;
    }
    Optional<String> disk;
    try {
      disk = text.read(room.workspaceId(), room.path());
    } catch (WorkspaceText.Unavailable e) {
      log.info("{}: changed on disk but cannot be read as a document: {}", room, e.getMessage());
      return;
    }
    if (disk.isEmpty()) {
      // Deleted (or moved) by a process: the open document keeps its text, a pending write is
      // dropped, the next edit recreates the file.
      t.base = null;
      if (t.pending != null) {
        t.pending.cancel(false);
        t.pending = null;
      }
      t.dirty = false;
      if (t.reportedDirty) {
        t.reportedDirty = false;
        listener.dirtyChanged(room, false);
      }
      return;
    }
    String theirs = disk.get();
    if (theirs.equals(t.base)) {
      return; // our own write, or no change
    }
    String base = t.base == null ? "" : t.base;
    hub.applyExternalEdit(room, current -> ThreeWayMerge.merge(base, current, theirs));
    t.base = theirs;
    baselines.save(room, theirs);
    if (!hub.documentText(room).equals(theirs)) {
      markDirty(room, t); // unwritten edits were merged in: write the merge
    }
  }

  /** Forgets rooms the hub closed (no peers for its idle timeout); they reconcile when reopened. */
  private void sweep() {
    var open = hub.openRooms();
    for (Map.Entry<RoomId, Tracked> e : List.copyOf(tracked.entrySet())) {
      Tracked t = e.getValue();
      if (t.peers <= 0 && !t.dirty && !open.contains(e.getKey())) {
        untrack(e.getKey());
      }
    }
  }

  private void guarded(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("Collab file sync: {} failed", what, e);
    }
  }

  private static void await(java.util.concurrent.Future<?> future) {
    try {
      future.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the file sync", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new WorkspaceText.Unavailable(
          WorkspaceText.TRY_AGAIN_LATER, "the file sync is busy; try again");
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.debug("closing a file watch failed: {}", e.toString());
    }
  }

  /** Writes every pending edit, then stops. */
  @Override
  public void close() {
    try {
      executor
          .submit(
              () -> {
                for (RoomId room : List.copyOf(tracked.keySet())) {
                  guarded("final write of " + room, () -> flushNow(room));
                }
              })
          .get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("Collab file sync: final writes did not finish: {}", e.toString());
    }
    subscriptions.forEach(FileSync::closeQuietly);
    watches.values().forEach(FileSync::closeQuietly);
    executor.shutdownNow();
  }
}
