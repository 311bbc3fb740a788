package dev.atelier.collab.hub;

import static dev.atelier.collab.hub.FakeBrowser.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.atelier.collab.crdt.Updates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background compaction writes to the store without holding the room. */
class CompactionTests {
  private static final RoomId ROOM = new RoomId("ws", "notes.md");
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<DocumentHub> hubs = new ArrayList<>();
  private final List<SlowCompactionStore> stores = new ArrayList<>();

  @AfterEach
  void closeHubs() {
    stores.forEach(s -> s.gate.countDown()); // a failed test must not leave a hub stuck
    hubs.forEach(DocumentHub::close);
  }

  private SlowCompactionStore slowStore() {
    SlowCompactionStore store = new SlowCompactionStore(dir);
    stores.add(store);
    return store;
  }

  /** A file store whose first compaction waits at a gate, as a slow disk would. */
  static final class SlowCompactionStore extends DelegatingStore {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger running = new AtomicInteger();
    volatile int maxRunning;

    SlowCompactionStore(Path dir) {
      super(dir);
    }

    @Override
    public void compact(RoomId room, byte[] snapshot, int replaced) {
      maxRunning = Math.max(maxRunning, running.incrementAndGet());
      try {
        entered.countDown();
        gate.await();
        super.compact(room, snapshot, replaced);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private DocumentHub hub(DocumentStore store) {
    DocumentHub hub =
        new DocumentHub(store, id -> "# notes\n", HubOptions.DEFAULTS.withCompaction(5, 1 << 20));
    hubs.add(hub);
    return hub;
  }

  /** Types until the background compaction is inside the store. */
  private static void typeUntilCompacting(FakeBrowser writer, SlowCompactionStore store)
      throws InterruptedException {
    for (int i = 0; i < 50 && !store.entered.await(0, TimeUnit.MILLISECONDS); i++) {
      writer.insert(writer.content().length(), "a");
      settle(writer);
    }
    assertThat(store.entered.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void updatesKeepFlowingWhileTheStoreWritesACompaction() throws Exception {
    SlowCompactionStore store = slowStore();
    DocumentHub hub = hub(store);
    FakeBrowser writer = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser watcher = new FakeBrowser(hub, ROOM, AccessMode.READ_ONLY);
    settle(writer, watcher);

    // The compaction is stuck in the store: typing and relaying go on regardless.
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          typeUntilCompacting(writer, store);
          for (int i = 0; i < 20; i++) {
            writer.insert(writer.content().length(), "b");
            settle(writer, watcher);
          }
        },
        "the room waited for the compaction's disk writes");
    assertThat(watcher.content()).isEqualTo(writer.content()).endsWith("b".repeat(20));

    store.gate.countDown();
    writer.insert(0, "> ");
    settle(writer, watcher);
    hub.close();
    DocumentHub restarted = hub(new FileDocumentStore(dir));
    assertThat(restarted.documentText(ROOM)).isEqualTo(writer.content());
  }

  @Test
  void closingARoomWaitsForTheCompactionInFlightAndLosesNothing() throws Exception {
    SlowCompactionStore store = slowStore();
    DocumentHub hub = hub(store);
    FakeBrowser writer = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(writer);
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          typeUntilCompacting(writer, store);
          for (int i = 0; i < 7; i++) {
            writer.insert(writer.content().length(), "c");
            settle(writer);
          }
        },
        "the room waited for the compaction's disk writes");
    String typed = writer.content();

    CompletableFuture<Void> closing =
        CompletableFuture.runAsync(() -> hub.closeRoom(ROOM, CloseCodes.GOING_AWAY, "bye"));
    await()
        .during(Duration.ofMillis(200))
        .atMost(LIMIT)
        .until(() -> !closing.isDone()); // held back by the compaction in flight
    store.gate.countDown();
    closing.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(store.maxRunning).isEqualTo(1);
    assertThat(hub.openRooms()).doesNotContain(ROOM);
    // The closing compaction folded what the background one left: no log remains.
    StoredDocument stored = new FileDocumentStore(dir).load(ROOM).orElseThrow();
    assertThat(stored.log()).isEmpty();
    assertThat(hub(new FileDocumentStore(dir)).documentText(ROOM)).isEqualTo(typed);
  }

  @Test
  void aCompactionTheStoreFailsClosesTheRoomAndItReopensWithEverything() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    DelegatingStore store =
        new DelegatingStore(dir) {
          @Override
          public void compact(RoomId room, byte[] snapshot, int replaced) {
            super.compact(room, snapshot, replaced);
            if (calls.incrementAndGet() == 1) {
              // As a failed directory sync would: the snapshot is in, the caller hears a failure.
              throw new java.io.UncheckedIOException(new java.io.IOException("sync failed"));
            }
          }
        };
    DocumentHub hub = hub(store);
    FakeBrowser writer = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(writer);
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              if (writer.closed()) {
                return true;
              }
              writer.insert(writer.content().length(), "d");
              settle(writer);
              return false;
            });
    assertThat(writer.closeCode).isEqualTo(CloseCodes.INTERNAL_ERROR);
    String typed = writer.content();

    // The client reconnects and sends what the server lacks (its last edits may never have been
    // accepted before the room closed), as y-websocket does.
    FakeBrowser again = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(again);
    Updates.applyUpdate(again.doc, Updates.encodeStateAsUpdate(writer.doc), null);
    settle(again);
    assertThat(again.content()).isEqualTo(typed);
    // Later compactions work again: the reopened room matches the store.
    for (int i = 0; i < 12; i++) {
      again.insert(0, "e");
      settle(again);
    }
    await().atMost(LIMIT).until(() -> calls.get() >= 2);
    assertThat(again.closed()).isFalse();
    hub.close();
    assertThat(hub(new FileDocumentStore(dir)).documentText(ROOM)).isEqualTo(again.content());
  }

  @Test
  void movesInOppositeDirectionsWhileTheRoomsAreInUseNeitherDeadlockNorSplitTheStore()
      throws Exception {
    RoomId a = new RoomId("ws", "a.md");
    RoomId b = new RoomId("ws", "b.md");
    DocumentHub hub = hub(new FileDocumentStore(dir));
    FakeBrowser writer = new FakeBrowser(hub, a, AccessMode.READ_WRITE);
    settle(writer);
    writer.insert(0, "moved around ");
    settle(writer);
    // A third party keeps the rooms open, so each move finds both rooms open to lock.
    java.util.concurrent.atomic.AtomicBoolean moving =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    CompletableFuture<Void> opener =
        CompletableFuture.runAsync(
            () -> {
              while (moving.get()) {
                hub.documentText(a);
                hub.documentText(b);
              }
            });
    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          CompletableFuture<Void> there =
              CompletableFuture.runAsync(
                  () -> {
                    for (int i = 0; i < 200; i++) {
                      hub.moveRoom(a, b);
                    }
                  });
          for (int i = 0; i < 200; i++) {
            hub.moveRoom(b, a);
          }
          there.get();
        },
        "two opposite moves deadlocked");
    moving.set(false);
    opener.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    // A move from a name with nothing stored empties the target (as renaming a missing file would),
    // so the text may be gone; it is never under both names.
    String atA = hub.documentText(a);
    String atB = hub.documentText(b);
    assertThat(List.of(atA, atB).stream().filter(writer.content()::equals)).hasSizeLessThan(2);
  }

  @Test
  void aJoinRacingADeleteWaitsForItAndLoadsWhatItLeft() throws Exception {
    CountDownLatch deleting = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    DelegatingStore store =
        new DelegatingStore(dir) {
          @Override
          public void delete(RoomId room) {
            deleting.countDown();
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.delete(room);
          }
        };
    DocumentHub hub = hub(store);
    FakeBrowser writer = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(writer);
    writer.insert(0, "old text, deleted with the file\n");
    settle(writer);

    CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> hub.deleteRoom(ROOM));
    assertThat(deleting.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    CompletableFuture<String> join =
        CompletableFuture.supplyAsync(() -> hub.documentText(ROOM)); // opens the room
    await()
        .during(Duration.ofMillis(200))
        .atMost(LIMIT)
        .until(() -> !join.isDone()); // the open waits for the delete
    gate.countDown();
    delete.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    // Opened after the delete: seeded from the file's text, not from the deleted state.
    assertThat(join.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("# notes\n");
  }
}
