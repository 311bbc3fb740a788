package dev.atelier.collab.hub;

import static dev.atelier.collab.hub.FakeBrowser.settle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.collab.protocol.Frame;
import dev.atelier.collab.protocol.SyncMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: one sync covers many updates, and no update is relayed before its sync. */
class GroupCommitTests {
  private static final RoomId ROOM = new RoomId("ws", "notes.md");

  @TempDir Path dir;
  private final List<DocumentHub> hubs = new ArrayList<>();

  @AfterEach
  void closeHubs() {
    hubs.forEach(DocumentHub::close);
  }

  /**
   * A file store that remembers which appended updates a completed force covers, counts forces, and
   * can hold a force at a gate or make it fail.
   */
  static final class RecordingStore extends DelegatingStore {
    final List<byte[]> appended = Collections.synchronizedList(new ArrayList<>());
    volatile int durableCount;
    volatile int forces;
    volatile Semaphore gate;
    final AtomicInteger forceCalls = new AtomicInteger();
    volatile boolean failForce;

    RecordingStore(Path dir) {
      super(dir);
    }

    boolean isDurable(byte[] update) {
      synchronized (appended) {
        for (int i = 0; i < durableCount; i++) {
          if (Arrays.equals(appended.get(i), update)) {
            return true;
          }
        }
        return false;
      }
    }

    @Override
    public void append(RoomId room, byte[] update) {
      super.append(room, update);
      appended.add(update);
    }

    @Override
    public void force(RoomId room) {
      int covered = appended.size();
      forceCalls.incrementAndGet();
      Semaphore g = gate;
      if (g != null) {
        g.acquireUninterruptibly();
      }
      if (failForce) {
        throw new UncheckedIOException(new IOException("sync failed: I/O error"));
      }
      super.force(room);
      synchronized (appended) {
        durableCount = Math.max(durableCount, covered);
        forces++;
      }
    }
  }

  /** A read-only watcher that checks, at the moment each update reaches it, that it is durable. */
  static final class DurabilityCheck implements PeerConnection {
    final RecordingStore store;
    final List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    DurabilityCheck(RecordingStore store) {
      this.store = store;
    }

    @Override
    public void send(byte[] frame) {
      if (Frame.decode(frame) instanceof Frame.Sync s
          && s.message().type() == SyncMessage.Type.UPDATE) {
        if (!store.isDurable(s.message().payload())) {
          violations.add("relayed before its sync: " + Arrays.toString(s.message().payload()));
        }
        received.add(s.message().payload());
      }
    }

    @Override
    public void close(int code, String reason) {}
  }

  private DocumentHub hub(DocumentStore store, int commitThreads) {
    DocumentHub hub =
        new DocumentHub(
            store, id -> "# notes\n", HubOptions.DEFAULTS.withCommitThreads(commitThreads));
    hubs.add(hub);
    return hub;
  }

  private static void await(BooleanSupplier condition, String what) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(condition::getAsBoolean);
  }

  @Test
  void oneSyncOnTheCommitPoolCoversTheUpdatesThatArriveWhileItRuns() throws Exception {
    RecordingStore store = new RecordingStore(dir);
    DocumentHub hub = hub(store, 1);
    FakeBrowser writer = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    DurabilityCheck watcher = new DurabilityCheck(store);
    hub.join(ROOM, watcher, AccessMode.READ_ONLY);
    await(() -> store.forces >= 1 && writer.inbox.size() >= 2, "the seed's sync");
    writer.pump();
    int forcesBefore = store.forces;
    int callsBefore = store.forceCalls.get();

    store.gate = new Semaphore(0);
    writer.insert(0, "a");
    writer.flush(); // starts a sync, which waits at the gate
    await(() -> store.forceCalls.get() > callsBefore, "the sync to start");
    for (int i = 0; i < 20; i++) {
      writer.insert(0, "b");
      writer.flush(); // returns at once: the update is appended, its relay waits
    }
    assertThat(watcher.received).isEmpty();

    store.gate.release(100);
    await(() -> watcher.received.size() == 21, "21 relayed updates");
    assertThat(watcher.violations).isEmpty();
    // One sync for the first update, one for the 20 that came while it ran.
    assertThat(store.forces - forcesBefore).isEqualTo(2);
    assertThat(hub.documentText(ROOM)).isEqualTo("b".repeat(20) + "a# notes\n");
  }

  @Test
  void aCallerThatFindsASyncRunningReturnsAndTheLeaderRelaysItsUpdate() throws Exception {
    RecordingStore store = new RecordingStore(dir);
    DocumentHub hub = hub(store, 0);
    FakeBrowser leader = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser follower = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    DurabilityCheck watcher = new DurabilityCheck(store);
    hub.join(ROOM, watcher, AccessMode.READ_ONLY);
    settle(leader, follower);
    int forcesBefore = store.forces;
    int callsBefore = store.forceCalls.get();

    store.gate = new Semaphore(0);
    leader.insert(0, "L");
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> leading = thread.submit(leader::flush); // syncs on this thread, held at the gate
      await(() -> store.forceCalls.get() > callsBefore, "the sync to start");
      follower.insert(0, "F");
      follower.flush(); // a sync is running: appended, not synced by this thread
      assertThat(store.forces).isEqualTo(forcesBefore);
      assertThat(watcher.received).isEmpty();

      store.gate.release(100);
      leading.get(10, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
    // The leader's thread ran a second round for the follower's update before returning.
    assertThat(watcher.received).hasSize(2);
    assertThat(watcher.violations).isEmpty();
    assertThat(store.forces - forcesBefore).isEqualTo(2);
    settle(leader, follower);
    assertThat(leader.content()).isEqualTo(follower.content()).hasSize("# notes\n".length() + 2);
  }

  @Test
  void manyRoomsOnTheCommitPoolRelayOnlyDurableUpdatesAndConverge() throws Exception {
    RecordingStore store = new RecordingStore(dir);
    DocumentHub hub = hub(store, 4);
    List<RoomId> rooms =
        List.of(new RoomId("ws", "a"), new RoomId("ws", "b"), new RoomId("ws", "c"));
    List<DurabilityCheck> watchers = new ArrayList<>();
    List<FakeBrowser> writers = new ArrayList<>();
    for (RoomId room : rooms) {
      DurabilityCheck w = new DurabilityCheck(store);
      hub.join(room, w, AccessMode.READ_ONLY);
      watchers.add(w);
      writers.add(new FakeBrowser(hub, room, AccessMode.READ_WRITE));
      writers.add(new FakeBrowser(hub, room, AccessMode.READ_WRITE));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers.size());
    List<Future<?>> done = new ArrayList<>();
    for (FakeBrowser b : writers) {
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 100; i++) {
                  b.pump();
                  b.insert(0, "x");
                  b.flush();
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    for (DurabilityCheck w : watchers) {
      await(() -> w.received.size() >= 200, "every update relayed");
      assertThat(w.violations).isEmpty();
    }
    assertThat(store.forces).isLessThan(store.appended.size());
    for (int r = 0; r < rooms.size(); r++) {
      FakeBrowser a = writers.get(2 * r);
      FakeBrowser b = writers.get(2 * r + 1);
      String expected = hub.documentText(rooms.get(r));
      assertThat(expected).hasSize("# notes\n".length() + 200);
      await(
          () -> {
            settle(a, b);
            return a.content().equals(expected) && b.content().equals(expected);
          },
          "room " + rooms.get(r) + " to converge");
    }
  }

  @Test
  void aFailedSyncClosesTheRoomAndRelaysNothing() throws Exception {
    RecordingStore store = new RecordingStore(dir);
    DocumentHub hub = hub(store, 2);
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    DurabilityCheck watcher = new DurabilityCheck(store);
    hub.join(ROOM, watcher, AccessMode.READ_ONLY);
    await(() -> store.forces >= 1 && a.inbox.size() >= 2, "the seed's sync");
    a.pump();

    store.failForce = true;
    a.insert(0, "unsynced ");
    a.flush();
    await(a::closed, "the writer to be closed");
    assertThat(a.closeCode).isEqualTo(CloseCodes.INTERNAL_ERROR);
    assertThat(watcher.received).isEmpty();
    await(() -> hub.openRooms().isEmpty(), "the room to be dropped");

    // The disk recovers; the client reconnects and its step 2 brings the edit back.
    store.failForce = false;
    FakeBrowser back = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    dev.atelier.collab.crdt.Updates.applyUpdate(
        back.doc, dev.atelier.collab.crdt.Updates.encodeStateAsUpdate(a.doc), "offline copy");
    back.outbox.clear();
    await(
        () -> {
          settle(back);
          return hub.documentText(ROOM).equals("unsynced # notes\n");
        },
        "the resent edit");
  }
}
