package dev.atelier.collab.hub;

import static dev.atelier.collab.hub.FakeBrowser.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentHubDurabilityTests {
  private static final RoomId ROOM = new RoomId("ws", "notes.md");

  @TempDir Path dir;
  @TempDir Path crashes;
  private final List<DocumentHub> hubs = new ArrayList<>();
  private int crashCount;

  @AfterEach
  void closeHubs() {
    hubs.forEach(DocumentHub::close);
  }

  private DocumentHub hub(Path storeDir, HubOptions options) {
    DocumentHub hub = new DocumentHub(new FileDocumentStore(storeDir), id -> "# notes\n", options);
    hubs.add(hub);
    return hub;
  }

  /**
   * The disk as a crash right now would leave it: a copy taken while the hub keeps running. Log
   * segments are copied before snapshots because a background compaction renames the snapshot in
   * before it deletes segments: a segment missing from the copy implies the snapshot copied later
   * is the new one, which no longer needs it.
   */
  private Path crashImage() throws IOException {
    Path image = crashes.resolve("crash" + crashCount++);
    Files.createDirectories(image);
    for (String ext : List.of(".log", ".snapshot")) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (f.getFileName().toString().endsWith(ext)) {
            try {
              Files.copy(f, image.resolve(f.getFileName()));
            } catch (NoSuchFileException deletedMeanwhile) {
              // a segment the compaction deleted between the listing and the copy
            }
          }
        }
      }
    }
    return image;
  }

  /** Bytes in all log segments of the directory. */
  private long logBytes() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".log"))
          .mapToLong(f -> f.toFile().length())
          .sum();
    }
  }

  @Test
  void everyBroadcastUpdateSurvivesACrash() throws IOException {
    DocumentHub hub = hub(dir, HubOptions.DEFAULTS.withCompaction(7, 1 << 20));
    FakeBrowser writer = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser watcher = new FakeBrowser(hub, ROOM, AccessMode.READ_ONLY);
    settle(writer, watcher);
    Random random = new Random(42);
    for (int i = 0; i < 30; i++) {
      int at = random.nextInt(writer.content().length() + 1);
      writer.insert(at, Character.toString('a' + random.nextInt(26)));
      writer.flush();
      // The watcher has now seen the update: it must be on disk.
      watcher.pump();
      String seen = watcher.content();
      assertThat(seen).isEqualTo(writer.content());
      DocumentHub restarted = hub(crashImage(), HubOptions.DEFAULTS);
      assertThat(restarted.documentText(ROOM)).isEqualTo(seen);
    }
  }

  @Test
  void aTornLastRecordIsIgnoredAndTheRoomKeepsWorking() throws IOException {
    // This hub "crashes": it is abandoned, never closed (a long idle timeout keeps its background
    // thread away from the directory).
    DocumentHub hub =
        new DocumentHub(
            new FileDocumentStore(dir),
            id -> "# notes\n",
            HubOptions.DEFAULTS.withIdleRoomTimeout(Duration.ofDays(1)));
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a);
    a.insert(8, "acknowledged\n");
    settle(a);
    Path log = new FileDocumentStore(dir).logFile(ROOM);
    byte[] whole = Files.readAllBytes(log);
    // The hub dies while appending a copy of the last record: only half of it reached the disk.
    int lastRecord = whole.length - recordLength(whole);
    byte[] torn = java.util.Arrays.copyOfRange(whole, lastRecord, lastRecord + 6);
    Files.write(log, torn, StandardOpenOption.APPEND);

    DocumentHub restarted = hub(dir, HubOptions.DEFAULTS);
    assertThat(restarted.documentText(ROOM)).isEqualTo("# notes\nacknowledged\n");
    assertThat(Files.size(log)).isEqualTo(whole.length);
    FakeBrowser b = new FakeBrowser(restarted, ROOM, AccessMode.READ_WRITE);
    settle(b);
    b.insert(0, "> ");
    settle(b);
    DocumentHub again = hub(crashImage(), HubOptions.DEFAULTS);
    assertThat(again.documentText(ROOM)).isEqualTo("> # notes\nacknowledged\n");
  }

  /** Length of the last record of a log with two records (the seed, then one update). */
  private static int recordLength(byte[] log) {
    int first = 8 + java.nio.ByteBuffer.wrap(log).getInt(0);
    return log.length - first;
  }

  @Test
  void compactionKeepsTheContentAndShrinksTheLog() throws Exception {
    DocumentHub hub = hub(dir, HubOptions.DEFAULTS.withCompaction(10, 1 << 20));
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a);
    for (int i = 0; i < 25; i++) {
      a.insert(a.content().length(), "line " + i + "\n");
      settle(a);
    }
    FileDocumentStore store = new FileDocumentStore(dir);
    // Compaction runs in the background and may trail the last appends: wait until the log has
    // been folded into the snapshot rather than only until the snapshot file exists.
    Optional<StoredDocument> stored =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> new FileDocumentStore(crashImage()).load(ROOM),
                s -> s.map(d -> d.log().size() < 11).orElse(false));
    assertThat(stored.orElseThrow().snapshot()).isNotEmpty();
    assertThat(stored.orElseThrow().log().size()).isLessThan(11);
    assertThat(logBytes()).isLessThan(25 * 20);
    DocumentHub restarted = hub(crashImage(), HubOptions.DEFAULTS);
    assertThat(restarted.documentText(ROOM)).isEqualTo(a.content()).endsWith("line 24\n");
  }

  @Test
  void anUpdateThatCannotBeStoredIsNeverBroadcast() {
    boolean[] failing = {false};
    DocumentStore flaky =
        new DelegatingStore(dir) {
          @Override
          public void append(RoomId room, byte[] update) {
            if (failing[0]) {
              throw new UncheckedIOException(new IOException("disk full"));
            }
            super.append(room, update);
          }
        };
    DocumentHub hub = new DocumentHub(flaky, id -> "text", HubOptions.DEFAULTS);
    hubs.add(hub);
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser b = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a, b);
    failing[0] = true;
    a.insert(0, "lost? ");
    a.flush();
    b.pump();
    assertThat(b.content()).isEqualTo("text");
    assertThat(a.closeCode).isEqualTo(CloseCodes.INTERNAL_ERROR);
    assertThat(b.closeCode).isEqualTo(CloseCodes.INTERNAL_ERROR);
    assertThat(hub.openRooms()).isEmpty();

    // Reconnecting resends the edit in the client's sync step 2.
    failing[0] = false;
    FakeBrowser back = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    dev.atelier.collab.crdt.Updates.applyUpdate(
        back.doc, dev.atelier.collab.crdt.Updates.encodeStateAsUpdate(a.doc), "offline copy");
    back.outbox.clear();
    settle(back);
    assertThat(hub.documentText(ROOM)).isEqualTo("lost? text");
  }

  /** A store whose next release and force wait at gates. */
  static final class GatedStore extends DelegatingStore {
    final java.util.concurrent.CountDownLatch releasing =
        new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch releaseGate =
        new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch forcing = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch forceGate =
        new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch forced = new java.util.concurrent.CountDownLatch(1);
    volatile boolean gateRelease;
    volatile boolean gateForce;

    GatedStore(FileDocumentStore files) {
      super(files);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
      try {
        latch.await(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void release(RoomId room) {
      if (gateRelease) {
        gateRelease = false;
        releasing.countDown();
        await(releaseGate);
      }
      super.release(room);
    }

    @Override
    public void force(RoomId room) {
      boolean gated = gateForce;
      if (gated) {
        gateForce = false;
        forcing.countDown();
        await(forceGate);
      }
      super.force(room);
      if (gated) {
        forced.countDown();
      }
    }
  }

  @Test
  void aRoomReopenedWhileTheClosedOneReleasesTheStoreRelaysOnlyDurableUpdates() throws Exception {
    SyncWatch watch = new SyncWatch();
    GatedStore store = new GatedStore(new FileDocumentStore(dir, watch));
    // An empty file: opening the room appends (and syncs) nothing.
    DocumentHub hub = new DocumentHub(store, id -> "", HubOptions.DEFAULTS.withCommitThreads(1));
    hubs.add(hub);
    assertThat(hub.documentText(ROOM)).isEmpty();

    // The room closes; it is out of the hub's map but the store is not released yet.
    store.gateRelease = true;
    Thread closing = new Thread(() -> hub.closeRoom(ROOM, CloseCodes.GOING_AWAY, "bye"));
    closing.start();
    assertThat(store.releasing.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // Meanwhile the room is opened again for an edit, whose sync starts (and waits) — unless the
    // edit waits for the closing room to be done with the store.
    store.gateForce = true;
    Thread editing = new Thread(() -> hub.applyExternalEdit(ROOM, "more\n"));
    editing.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                store.forcing.getCount() == 0
                    || java.util.concurrent.locks.LockSupport.getBlocker(editing)
                        instanceof java.util.concurrent.locks.AbstractQueuedSynchronizer);
    store.releaseGate.countDown();
    closing.join();
    store.forceGate.countDown();
    editing.join();
    assertThat(store.forced.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    // The sync returned, so the edit counts as durable (and is relayed): it must be on disk.
    for (Path segment : SyncWatch.segments(dir)) {
      assertThat(watch.synced(segment)).as(segment.toString()).isEqualTo(Files.size(segment));
    }
  }
}
