package dev.atelier.collab.hub;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.crdt.YText;
import dev.atelier.collab.protocol.Awareness;
import dev.atelier.collab.protocol.AwarenessChange;
import dev.atelier.collab.protocol.AwarenessEntry;
import dev.atelier.collab.protocol.Frame;
import dev.atelier.collab.protocol.SyncMessage;
import dev.atelier.collab.protocol.SyncProtocol;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * One open document and its peers. Every method except {@link #compactInBackground} and {@link
 * #syncOnce} must be called with {@link #lock} held: that lock is the room's serial execution.
 *
 * <p>Group commit: an accepted update is applied and appended to the store at once, but the frames
 * that carry it (the broadcast, and any sync step 2 answered meanwhile) wait in {@link #deferred}
 * until a {@link DocumentStore#force} that began after the append has returned. One force covers
 * every update appended before it began, so a busy room syncs its log once per disk round trip, not
 * once per keystroke, and nothing is ever relayed before it is durable.
 */
final class Room {
  private static final System.Logger LOG = System.getLogger(Room.class.getName());
  private static final String CONTENT = "content";

  final RoomId id;
  final ReentrantLock lock = new ReentrantLock();
  private final DocumentHub hub;
  private final HubOptions options;
  final List<Peer> peers = new ArrayList<>();
  private final Map<Long, Peer> awarenessOwners = new HashMap<>();
  private final List<byte[]> captured = new ArrayList<>();
  private final List<Peer> dead = new ArrayList<>();
  private Doc doc;
  private YText text;
  private Awareness awareness;
  private byte[] snapshot = new byte[0];
  private final List<byte[]> log = new ArrayList<>();
  private long logBytes;
  private boolean loaded;
  // Group commit: updates appended to the store, how many of them are known durable, the frames
  // waiting for durability (in order), and whether a sync is running or queued for this room.
  private long appended;
  private long durable;
  private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
  private boolean syncing;
  boolean closed;
  boolean compactionQueued;
  // A background compaction between its copy of the log and its trim (its store write runs
  // without the lock).
  private Compaction compacting;
  ScheduledFuture<?> idleClose;

  /** A background compaction of the first {@code entries} log entries. */
  private static final class Compaction {
    final int entries;
    final CountDownLatch written = new CountDownLatch(1);
    // Set before written counts down: merged when the store took it, failure when it did not.
    volatile byte[] merged;
    volatile RuntimeException failure;

    Compaction(int entries) {
      this.entries = entries;
    }
  }

  /** A frame to send once {@code seq} updates are durable: to {@code to}, or to all but one. */
  private record Deferred(long seq, Peer to, Peer except, byte[] frame) {}

  Room(RoomId id, DocumentHub hub) {
    this.id = id;
    this.hub = hub;
    this.options = hub.options();
  }

  /** Loads the stored state, or seeds the document from the file's text (logged once). */
  void ensureLoaded() {
    if (loaded) {
      return;
    }
    // A fresh random client id per load: disk edits never reuse a (client, clock) pair.
    Doc d = new Doc();
    Optional<StoredDocument> stored = hub.store().load(id);
    if (stored.isPresent()) {
      snapshot = stored.get().snapshot();
      if (snapshot.length > 0) {
        Updates.applyUpdate(d, snapshot, DocumentHub.ORIGIN_FILE);
      }
      for (byte[] entry : stored.get().log()) {
        try {
          Updates.applyUpdate(d, entry, DocumentHub.ORIGIN_FILE);
        } catch (CollabException e) {
          // CRC-checked, so only a bug writes such an entry; the room stays usable without it.
          LOG.log(Level.WARNING, "room " + id + ": skipping an unreadable log entry", e);
        }
        log.add(entry);
        logBytes += entry.length;
      }
    } else {
      String initial = hub.initialText(id);
      if (initial != null && !initial.isEmpty()) {
        byte[] seed = DocumentHub.seedUpdate(initial);
        Updates.applyUpdate(d, seed, DocumentHub.ORIGIN_FILE);
        hub.store().append(id, seed);
        appended++;
        log.add(seed);
        logBytes += seed.length;
      }
    }
    doc = d;
    text = d.getText(CONTENT);
    d.onUpdate((update, origin) -> captured.add(update));
    awareness = new Awareness(d.clientId(), System::currentTimeMillis, options.limits());
    awareness.onChange(this::awarenessChanged);
    loaded = true;
  }

  String text() {
    return text.toString();
  }

  void add(Peer peer) {
    peers.add(peer);
    send(peer, Frame.sync(SyncProtocol.step1(doc)).encode());
    if (!awareness.states().isEmpty()) {
      send(peer, new Frame.AwarenessUpdate(awareness.encodeFullUpdate()).encode());
    }
    flushDead();
  }

  void receive(Peer peer, byte[] bytes) {
    if (peer.hasLeft() || closed) {
      return;
    }
    try {
      Frame frame = Frame.decode(bytes, options.limits());
      if (frame instanceof Frame.Sync s) {
        handleSync(peer, s.message());
      } else if (frame instanceof Frame.AwarenessUpdate a) {
        handleAwareness(peer, a.update());
      } else if (frame instanceof Frame.QueryAwareness) {
        send(peer, new Frame.AwarenessUpdate(awareness.encodeFullUpdate()).encode());
      }
      // A permission-denied frame means nothing to a server; it is ignored.
    } catch (CollabException e) {
      closePeer(peer, CloseCodes.forError(e), e.getMessage());
    } catch (UncheckedIOException e) {
      fail(e);
    }
    flushDead();
  }

  private void handleSync(Peer peer, SyncMessage message) {
    if (message.type() == SyncMessage.Type.STEP1) {
      // The answer holds the whole document: it waits for what is not durable yet.
      sendDurable(peer, Frame.sync(SyncProtocol.handle(doc, message, peer).orElseThrow()).encode());
      return;
    }
    if (peer.accessMode() == AccessMode.READ_ONLY) {
      if (message.type() == SyncMessage.Type.UPDATE) {
        send(
            peer, new Frame.PermissionDenied("read-only access: the update was rejected").encode());
      }
      return;
    }
    byte[] payload = message.payload();
    ensureCapacity(
        payload.length, () -> Updates.diffUpdate(payload, Updates.encodeStateVector(doc)).length);
    Updates.applyUpdate(doc, payload, peer);
    commit(peer, peer);
  }

  /**
   * Refuses a change that would make the document larger than allowed. The stored size is an upper
   * bound and cheap; only near the limit is the real (garbage-collected) size computed.
   */
  private void ensureCapacity(long estimate, LongSupplier exactGrowth) {
    long max = options.maxDocumentBytes();
    if (snapshot.length + logBytes + estimate <= max) {
      return;
    }
    long growth = exactGrowth.getAsLong();
    // 2 bytes is an update without structs or deletions: nothing new, always fine.
    if (growth > 2 && Updates.encodeStateAsUpdate(doc).length + growth > max) {
      throw new CollabException(
          ErrorCode.LIMIT_EXCEEDED,
          "document size limit of " + max + " bytes reached; the update was refused");
    }
  }

  /**
   * Logs the updates the last transaction produced and queues their broadcast, which {@link
   * #syncOnce} releases once they are durable.
   */
  private void commit(Object origin, Peer sender) {
    if (captured.isEmpty()) {
      return;
    }
    List<byte[]> updates = new ArrayList<>(captured);
    captured.clear();
    for (byte[] u : updates) {
      hub.store().append(id, u);
      appended++;
      log.add(u);
      logBytes += u.length;
      deferred.add(
          new Deferred(appended, null, sender, Frame.sync(SyncProtocol.update(u)).encode()));
    }
    hub.fireChanged(id, this::text, origin);
    if (log.size() > options.compactAfterEntries() || logBytes > options.compactAfterBytes()) {
      hub.requestCompaction(this);
    }
  }

  private void handleAwareness(Peer peer, byte[] update) {
    List<AwarenessEntry> kept = new ArrayList<>();
    for (AwarenessEntry e : AwarenessEntry.decodeUpdate(update, options.limits())) {
      Peer owner = awarenessOwners.get(e.clientId());
      // A connection speaks only for the clients it announced first, never for the server's.
      if (e.clientId() == awareness.clientId() || (owner != null && owner != peer)) {
        continue;
      }
      if (owner == null) {
        awarenessOwners.put(e.clientId(), peer);
        peer.awarenessClients.add(e.clientId());
      }
      kept.add(e);
    }
    if (!kept.isEmpty()) {
      awareness.applyUpdate(AwarenessEntry.encodeUpdate(kept), peer);
    }
  }

  private void awarenessChanged(AwarenessChange change) {
    byte[] frame = new Frame.AwarenessUpdate(awareness.encodeUpdate(change.all())).encode();
    for (Peer p : peers) {
      send(p, frame);
    }
  }

  void checkAwarenessTimeouts() {
    if (loaded && !closed) {
      awareness.checkTimeouts();
      flushDead();
    }
  }

  /**
   * Applies the text {@code edit} makes of the current text, as a minimal replacement from {@code
   * origin} (disk or tool).
   */
  boolean applyExternalEdit(UnaryOperator<String> edit, String origin) {
    String current = text.toString();
    String newText = java.util.Objects.requireNonNull(edit.apply(current), "edited text");
    TextDiff diff = TextDiff.between(current, newText);
    if (diff == null) {
      return false;
    }
    long growth = diff.insert().getBytes(StandardCharsets.UTF_8).length + 16L;
    ensureCapacity(growth, () -> diff.insert().isEmpty() ? 0 : growth);
    doc.transact(
        () -> {
          if (diff.deleteCount() > 0) {
            text.delete(diff.start(), diff.deleteCount());
          }
          if (!diff.insert().isEmpty()) {
            text.insert(diff.start(), diff.insert());
          }
        },
        origin);
    try {
      commit(origin, null);
    } catch (UncheckedIOException e) {
      fail(e);
      throw e;
    }
    flushDead();
    return true;
  }

  void leave(Peer peer) {
    if (!peers.remove(peer)) {
      return;
    }
    peer.markLeft();
    List<Long> clients = new ArrayList<>(peer.awarenessClients);
    clients.forEach(awarenessOwners::remove);
    awareness.removeStates(clients, peer);
    if (peers.isEmpty()) {
      hub.scheduleIdleClose(this);
    }
  }

  void closePeer(Peer peer, int code, String reason) {
    if (peers.contains(peer)) {
      try {
        peer.connection().close(code, CloseCodes.reason(reason));
      } finally {
        leave(peer);
      }
    }
  }

  /** Sends now when everything appended is durable, else after the sync that makes it so. */
  private void sendDurable(Peer p, byte[] frame) {
    if (durable == appended) {
      send(p, frame);
    } else {
      deferred.add(new Deferred(appended, p, null, frame));
    }
  }

  /**
   * Whether the caller must start a sync of this room (after releasing the lock): something is
   * appended but not durable and no sync is running or queued. Claims the sync when true.
   */
  boolean claimSync() {
    if (syncing || closed || appended == durable) {
      return false;
    }
    syncing = true;
    return true;
  }

  /**
   * One group commit, called without the lock by the thread that claimed the sync: forces the log
   * up to what is appended now, then sends the frames that waited for it.
   *
   * @return true when more was appended meanwhile: the caller runs another round (the claim holds)
   */
  boolean syncOnce() {
    long target;
    lock.lock();
    try {
      if (closed) {
        syncing = false;
        return false;
      }
      target = appended;
    } finally {
      lock.unlock();
    }
    RuntimeException failure = null;
    try {
      hub.store().force(id);
    } catch (RuntimeException e) {
      failure = e;
    }
    lock.lock();
    try {
      if (closed) {
        syncing = false;
        return false;
      }
      if (failure != null) {
        syncing = false;
        fail(failure);
        return false;
      }
      durable = Math.max(durable, target);
      releaseDurable();
      if (appended > durable) {
        return true;
      }
      syncing = false;
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void releaseDurable() {
    while (!deferred.isEmpty() && deferred.peek().seq() <= durable) {
      Deferred d = deferred.poll();
      if (d.to() != null) {
        if (!d.to().hasLeft()) {
          send(d.to(), d.frame());
        }
      } else {
        // Peers that joined meanwhile get it too: harmless, their step 2 holds it as well.
        for (Peer p : peers) {
          if (p != d.except()) {
            send(p, d.frame());
          }
        }
      }
    }
    flushDead();
  }

  private void send(Peer p, byte[] frame) {
    try {
      p.connection().send(frame);
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, "dropping " + p + ": send failed: " + e);
      dead.add(p);
    }
  }

  private void flushDead() {
    while (!dead.isEmpty()) {
      Peer p = dead.remove(0);
      try {
        closePeer(p, CloseCodes.INTERNAL_ERROR, "send failed");
      } catch (RuntimeException e) {
        leave(p);
      }
    }
  }

  /**
   * The store refused or could not sync an update that is already in memory: drop the room so
   * nothing undurable is ever served; peers reconnect and resend what they have in their sync step
   * 2.
   */
  private void fail(RuntimeException e) {
    LOG.log(Level.ERROR, "room " + id + ": storage failed, closing the room", e);
    for (Peer p : new ArrayList<>(peers)) {
      try {
        closePeer(p, CloseCodes.INTERNAL_ERROR, "storage failure; reconnect to resync");
      } catch (RuntimeException ignored) {
        leave(p);
      }
    }
    deferred.clear();
    hub.discard(this);
  }

  /**
   * Folds the log into the snapshot synchronously (room closing / hub shutdown), after any
   * background compaction in flight.
   */
  void compactNow() {
    if (!awaitCompaction()) {
      return; // the store's cut may have moved without the log: leave the store as it is
    }
    if (closed || !loaded || log.isEmpty()) {
      return;
    }
    byte[] merged = merge(snapshot, log);
    hub.store().compact(id, merged, log.size());
    applyCompaction(merged, log.size());
  }

  /**
   * Called without the lock: copies the log under it, then merges and writes the snapshot outside
   * it (the store syncs files meanwhile, so holding the lock would stall the room's frames), and
   * trims the in-memory log under it again. Updates appended meanwhile stay in the log.
   */
  void compactInBackground() {
    Compaction job;
    byte[] base;
    List<byte[]> entries;
    lock.lock();
    try {
      compactionQueued = false;
      if (closed || log.isEmpty() || compacting != null) {
        return;
      }
      base = snapshot;
      entries = new ArrayList<>(log);
      job = new Compaction(entries.size());
      compacting = job;
    } finally {
      lock.unlock();
    }
    try {
      byte[] merged = merge(base, entries);
      hub.store().compact(id, merged, entries.size());
      job.merged = merged;
    } catch (RuntimeException e) {
      job.failure = e;
    } finally {
      job.written.countDown();
    }
    lock.lock();
    try {
      if (!finish(job) && !closed) {
        // The store may have moved its cut before it failed, and the log here no longer matches
        // it: a storage failure like a failed sync. Peers reconnect to a room loaded afresh.
        fail(job.failure);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a background compaction in flight has finished with the store, and applies it: the
   * store must never see two compactions of a room at once, nor one that outlives the room. With
   * the lock held (the background thread needs it only after the store is done). False when the
   * store failed it.
   */
  boolean awaitCompaction() {
    Compaction job = compacting;
    if (job == null) {
      return true;
    }
    boolean interrupted = false;
    while (true) {
      try {
        job.written.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return finish(job);
  }

  /** Applies a finished compaction once; false when the store failed it. */
  private boolean finish(Compaction job) {
    if (compacting == job) {
      compacting = null;
      if (job.merged != null) {
        applyCompaction(job.merged, job.entries);
      }
    }
    return job.failure == null;
  }

  private static byte[] merge(byte[] base, List<byte[]> entries) {
    List<byte[]> all = new ArrayList<>(entries.size() + 1);
    if (base.length > 0) {
      all.add(base);
    }
    all.addAll(entries);
    return Updates.mergeUpdates(all);
  }

  private void applyCompaction(byte[] merged, int replaced) {
    snapshot = merged;
    for (int i = 0; i < replaced; i++) {
      logBytes -= log.get(i).length;
    }
    log.subList(0, replaced).clear();
  }

  int logEntries() {
    return log.size();
  }
}
