package dev.atelier.collab.hub;

import static dev.atelier.collab.hub.FakeBrowser.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
    Thread.sleep(200);
    assertThat(closing).isNotDone();
    store.gate.countDown();
    closing.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(store.maxRunning).isEqualTo(1);
    assertThat(hub.openRooms()).doesNotContain(ROOM);
    // The closing compaction folded what the background one left: no log remains.
    StoredDocument stored = new FileDocumentStore(dir).load(ROOM).orElseThrow();
    assertThat(stored.log()).isEmpty();
    assertThat(hub(new FileDocumentStore(dir)).documentText(ROOM)).isEqualTo(typed);
  }
}
