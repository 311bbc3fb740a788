package dev.atelier.collab.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDocumentStoreTests {
  private static final RoomId ROOM = new RoomId("ws", "a.txt");

  @TempDir Path dir;

  private static byte[] bytes(int n, int fill) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void appendedRecordsLoadInOrder() {
    try (FileDocumentStore store = new FileDocumentStore(dir)) {
      assertThat(store.load(ROOM)).isEmpty();
      store.append(ROOM, bytes(3, 1));
      store.append(ROOM, bytes(0, 0));
      store.append(ROOM, bytes(5, 2));
    }
    StoredDocument doc = new FileDocumentStore(dir).load(ROOM).orElseThrow();
    assertThat(doc.snapshot()).isEmpty();
    assertThat(doc.log()).containsExactly(bytes(3, 1), bytes(0, 0), bytes(5, 2));
  }

  @Test
  void aTornTailIsTruncatedAndLaterAppendsSurvive() throws IOException {
    FileDocumentStore store = new FileDocumentStore(dir);
    store.append(ROOM, bytes(10, 1));
    store.append(ROOM, bytes(10, 2));
    Path log = store.logFile(ROOM);
    long full = Files.size(log);
    // Crash mid-write: the second record lost its last 4 bytes.
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
      ch.truncate(full - 4);
    }

    FileDocumentStore reopened = new FileDocumentStore(dir);
    assertThat(reopened.load(ROOM).orElseThrow().log()).containsExactly(bytes(10, 1));
    assertThat(Files.size(log)).isEqualTo(full / 2);
    reopened.append(ROOM, bytes(4, 3));
    assertThat(new FileDocumentStore(dir).load(ROOM).orElseThrow().log())
        .containsExactly(bytes(10, 1), bytes(4, 3));
  }

  @Test
  void aRecordWithABadChecksumEndsTheLog() throws IOException {
    FileDocumentStore store = new FileDocumentStore(dir);
    store.append(ROOM, bytes(10, 1));
    store.append(ROOM, bytes(10, 2));
    store.release(ROOM);
    byte[] raw = Files.readAllBytes(store.logFile(ROOM));
    raw[raw.length - 1] ^= 0x40;
    Files.write(store.logFile(ROOM), raw);
    assertThat(new FileDocumentStore(dir).load(ROOM).orElseThrow().log())
        .containsExactly(bytes(10, 1));
    // A header declaring more bytes than the file holds is torn, too.
    Files.write(
        store.logFile(ROOM), new byte[] {0x7f, 0, 0, 0, 0, 0, 0, 0, 1}, StandardOpenOption.APPEND);
    assertThat(new FileDocumentStore(dir).load(ROOM).orElseThrow().log())
        .containsExactly(bytes(10, 1));
  }

  @Test
  void compactionReplacesTheFirstEntriesAndKeepsLaterOnes() throws IOException {
    FileDocumentStore store = new FileDocumentStore(dir);
    for (int i = 0; i < 5; i++) {
      store.append(ROOM, bytes(100, i));
    }
    store.compact(ROOM, bytes(7, 9), 3);
    store.append(ROOM, bytes(1, 5));
    StoredDocument doc = new FileDocumentStore(dir).load(ROOM).orElseThrow();
    assertThat(doc.snapshot()).isEqualTo(bytes(7, 9));
    assertThat(doc.log()).containsExactly(bytes(100, 3), bytes(100, 4), bytes(1, 5));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
    assertThatThrownBy(() -> store.compact(ROOM, bytes(1, 1), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the log holds 3");
  }

  private static byte[] number(int i) {
    return java.nio.ByteBuffer.allocate(4).putInt(i).array();
  }

  private static int number(byte[] b) {
    return java.nio.ByteBuffer.wrap(b).getInt();
  }

  private List<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void appendsGoOnDuringCompactionsAndEveryRecordAfterTheCutSurvives() throws Exception {
    int total = 3000;
    FileDocumentStore store = new FileDocumentStore(dir);
    java.util.concurrent.atomic.AtomicInteger appended =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread appender =
        new Thread(
            () -> {
              for (int i = 0; i < total; i++) {
                store.append(ROOM, number(i));
                appended.incrementAndGet();
                if (i % 7 == 0) {
                  store.force(ROOM);
                }
              }
            });
    appender.start();
    int compacted = 0;
    int compactions = 0;
    while (appender.isAlive() || compacted < appended.get()) {
      int upTo = appended.get();
      // The snapshot "contains" the first upTo records: it says how many.
      store.compact(ROOM, number(upTo), upTo - compacted);
      compacted = upTo;
      compactions++;
    }
    appender.join();
    store.append(ROOM, number(total));
    store.force(ROOM);

    StoredDocument doc = new FileDocumentStore(dir).load(ROOM).orElseThrow();
    int cut = number(doc.snapshot());
    assertThat(cut).isEqualTo(total);
    assertThat(doc.log().stream().map(FileDocumentStoreTests::number)).containsExactly(total);
    assertThat(compactions).isGreaterThan(1);
    // Only the segments after the cut are left, and no temporary files.
    assertThat(fileNames()).hasSizeLessThanOrEqualTo(2).noneMatch(n -> n.endsWith(".tmp"));
  }

  @Test
  void aSegmentLeftBehindBeforeTheCutIsIgnoredAndDeleted() throws IOException {
    FileDocumentStore store = new FileDocumentStore(dir);
    store.append(ROOM, bytes(3, 1));
    store.append(ROOM, bytes(3, 2));
    byte[] segment0 = Files.readAllBytes(store.logFile(ROOM));
    store.compact(ROOM, bytes(2, 8), 1);
    store.append(ROOM, bytes(3, 3));
    store.compact(ROOM, bytes(2, 9), 2);
    store.append(ROOM, bytes(3, 4));
    store.release(ROOM);
    assertThat(Files.exists(store.logFile(ROOM))).isFalse();
    // A crash between the snapshot's rename and the deletion of the segments it replaced.
    Files.write(store.logFile(ROOM), segment0);

    StoredDocument doc = new FileDocumentStore(dir).load(ROOM).orElseThrow();
    assertThat(doc.snapshot()).isEqualTo(bytes(2, 9));
    assertThat(doc.log()).containsExactly(bytes(3, 4));
    assertThat(Files.exists(store.logFile(ROOM))).isFalse();
  }

  @Test
  void aSegmentShorterThanItsCutMakesLaterAppendsStartANewOne() throws IOException {
    FileDocumentStore store = new FileDocumentStore(dir);
    store.append(ROOM, bytes(5, 1));
    store.append(ROOM, bytes(5, 2));
    // Appends while the compaction runs land after the cut, in the same segment.
    store.compact(ROOM, bytes(1, 7), 1);
    store.release(ROOM);
    // A crash lost the segment's unsynced tail, which the synced snapshot already holds.
    try (FileChannel ch = FileChannel.open(store.logFile(ROOM), StandardOpenOption.WRITE)) {
      ch.truncate(3);
    }
    FileDocumentStore reopened = new FileDocumentStore(dir);
    StoredDocument doc = reopened.load(ROOM).orElseThrow();
    assertThat(doc.snapshot()).isEqualTo(bytes(1, 7));
    assertThat(doc.log()).isEmpty();
    reopened.append(ROOM, bytes(4, 3));
    reopened.force(ROOM);
    assertThat(new FileDocumentStore(dir).load(ROOM).orElseThrow().log())
        .containsExactly(bytes(4, 3));
  }

  @Test
  void aCutSegmentThatIsGoneNeverTakesAppendsBeforeTheCut() throws IOException {
    FileDocumentStore store = new FileDocumentStore(dir);
    store.append(ROOM, bytes(20, 1));
    store.append(ROOM, bytes(20, 2));
    store.compact(ROOM, bytes(1, 7), 1); // cut inside segment 0
    store.close();
    // The segment is gone (a crash lost it unsynced, and a load deleted what was left); the
    // restarted store appends small records that would sit before the cut's offset in segment 0.
    Files.delete(store.logFile(ROOM));
    FileDocumentStore restarted = new FileDocumentStore(dir);
    assertThat(restarted.load(ROOM).orElseThrow().log()).isEmpty();
    restarted.append(ROOM, bytes(2, 3));
    restarted.append(ROOM, bytes(2, 4));
    restarted.force(ROOM);
    restarted.close();
    assertThat(new FileDocumentStore(dir).load(ROOM).orElseThrow().log())
        .containsExactly(bytes(2, 3), bytes(2, 4));
  }

  @Test
  void theEarlierLayoutLoadsAndItsFirstCompactionReplacesIt() throws IOException {
    FileDocumentStore writer = new FileDocumentStore(dir);
    writer.append(ROOM, bytes(3, 1));
    writer.append(ROOM, bytes(3, 2));
    writer.close();
    // Earlier versions kept a header-less snapshot in <key>.snap beside <key>.log.
    Path legacy = dir.resolve(FileDocumentStore.key(ROOM) + ".snap");
    Files.write(legacy, bytes(4, 6));

    FileDocumentStore store = new FileDocumentStore(dir);
    StoredDocument doc = store.load(ROOM).orElseThrow();
    assertThat(doc.snapshot()).isEqualTo(bytes(4, 6));
    assertThat(doc.log()).containsExactly(bytes(3, 1), bytes(3, 2));
    store.compact(ROOM, bytes(4, 7), 1);
    assertThat(Files.exists(legacy)).isFalse();
    StoredDocument after = new FileDocumentStore(dir).load(ROOM).orElseThrow();
    assertThat(after.snapshot()).isEqualTo(bytes(4, 7));
    assertThat(after.log()).containsExactly(bytes(3, 2));
  }

  @Test
  void aSnapshotWithoutAValidHeaderIsReportedNotMisread() throws IOException {
    Files.write(new FileDocumentStore(dir).snapshotFile(ROOM), bytes(6, 1));
    assertThatThrownBy(() -> new FileDocumentStore(dir).load(ROOM))
        .hasMessageContaining("cannot load room")
        .hasRootCauseMessage(
            "the snapshot "
                + new FileDocumentStore(dir).snapshotFile(ROOM)
                + " has no valid header: it was not written by this store (snapshots are synced"
                + " before they are renamed into place, so a crash cannot cause this)");
  }

  @Test
  void moveAndDelete() {
    RoomId target = new RoomId("ws", "b.txt");
    FileDocumentStore store = new FileDocumentStore(dir);
    byte[] seed = DocumentHub.seedUpdate("moved text");
    store.append(ROOM, seed);
    store.move(ROOM, target);
    assertThat(store.load(ROOM)).isEmpty();
    StoredDocument moved = store.load(target).orElseThrow();
    assertThat(moved.log()).isEmpty();
    assertThat(moved.snapshot()).isNotEmpty();
    store.delete(target);
    assertThat(store.load(target)).isEmpty();
  }

  @Test
  void roomIdsNeverNameFilesOutsideTheDirectory() throws IOException {
    RoomId hostile = new RoomId("..", "../../etc/passwd");
    FileDocumentStore store = new FileDocumentStore(dir.resolve("store"));
    store.append(hostile, bytes(1, 1));
    assertThat(store.logFile(hostile).getParent()).isEqualTo(dir.resolve("store"));
    assertThat(store.logFile(hostile).getFileName().toString()).matches("[0-9a-f]{64}\\.log");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("store");
    }
    // Different splits of the same characters are different rooms.
    assertThat(FileDocumentStore.key(new RoomId("a", "b/c")))
        .isNotEqualTo(FileDocumentStore.key(new RoomId("a", "b/c/")));
    assertThat(
            List.of(
                FileDocumentStore.key(new RoomId("ab", "c")),
                FileDocumentStore.key(new RoomId("a", "bc"))))
        .doesNotHaveDuplicates();
  }

  /** What a power loss now leaves: each segment cut to the bytes a sync made durable. */
  private static void powerLoss(Path dir, SyncWatch watch) throws IOException {
    for (Path p : SyncWatch.segments(dir)) {
      if (!watch.entryDurable(p)) {
        Files.delete(p);
        continue;
      }
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        ch.truncate(watch.synced(p));
      }
    }
  }

  @Test
  void aForceThatSyncedASegmentBeforeItWasRetiredLeavesItToTheNextForce() throws Exception {
    SyncWatch watch = new SyncWatch();
    FileDocumentStore store = new FileDocumentStore(dir, watch);
    store.append(ROOM, bytes(5, 1));
    store.force(ROOM); // the segment and its directory entry are durable
    store.append(ROOM, bytes(5, 2));
    java.util.concurrent.CountDownLatch synced = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
    watch.afterSync =
        p -> {
          if (p.equals(store.logFile(ROOM).toAbsolutePath()) && synced.getCount() > 0) {
            synced.countDown();
            try {
              resume.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    // Force A syncs segment 0 while it is still the current one, then stalls.
    Thread a = new Thread(() -> store.force(ROOM));
    a.start();
    assertThat(synced.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    // An update lands in segment 0 after A's sync; a compaction (of the first two entries, as the
    // room copied them before it) retires the segment.
    store.append(ROOM, bytes(5, 3));
    store.compact(ROOM, bytes(1, 9), 2);
    resume.countDown();
    a.join();
    // Force B began after the third append returned: the hub relays it once B returns.
    store.force(ROOM);
    assertThat(watch.synced(store.logFile(ROOM))).isEqualTo(Files.size(store.logFile(ROOM)));
    store.close();

    powerLoss(dir, watch);
    StoredDocument doc = new FileDocumentStore(dir).load(ROOM).orElseThrow();
    assertThat(doc.snapshot()).isEqualTo(bytes(1, 9));
    assertThat(doc.log()).containsExactly(bytes(5, 3));
  }

  @Test
  void aSegmentCreatedAgainAfterADeleteHasItsDirectoryEntrySynced() throws IOException {
    SyncWatch watch = new SyncWatch();
    FileDocumentStore store = new FileDocumentStore(dir, watch);
    store.append(ROOM, bytes(5, 1));
    store.force(ROOM);
    store.delete(ROOM);
    // The file is created again (the path was deleted, then recreated): a new segment 0.
    store.append(ROOM, bytes(5, 2));
    store.force(ROOM);
    assertThat(watch.entryDurable(store.logFile(ROOM))).isTrue();
    store.close();

    powerLoss(dir, watch);
    assertThat(new FileDocumentStore(dir).load(ROOM).orElseThrow().log())
        .containsExactly(bytes(5, 2));
  }

  @Test
  void aLoadMakesTheEntriesOfSegmentsACrashedProcessCreatedDurable() throws IOException {
    FileDocumentStore crashed = new FileDocumentStore(dir);
    crashed.append(ROOM, bytes(5, 1));
    crashed.close();
    // The process died (no power loss) before it synced the file or the directory.
    SyncWatch watch = new SyncWatch();
    watch.createdUnsynced(crashed.logFile(ROOM));
    FileDocumentStore restarted = new FileDocumentStore(dir, watch);
    // The restart serves the record (to peers, from now on) and acknowledges a new one.
    assertThat(restarted.load(ROOM).orElseThrow().log()).containsExactly(bytes(5, 1));
    restarted.append(ROOM, bytes(5, 2));
    restarted.force(ROOM);
    restarted.close();

    powerLoss(dir, watch);
    assertThat(new FileDocumentStore(dir).load(ROOM).orElseThrow().log())
        .containsExactly(bytes(5, 1), bytes(5, 2));
  }

  @Test
  void aMoveMakesTheFoldedSnapshotDurableBeforeItDeletesTheLog() throws IOException {
    SyncWatch watch = new SyncWatch();
    FileDocumentStore store = new FileDocumentStore(dir, watch);
    store.append(ROOM, DocumentHub.seedUpdate("moved text"));
    store.force(ROOM);
    java.util.concurrent.atomic.AtomicBoolean folded =
        new java.util.concurrent.atomic.AtomicBoolean();
    watch.afterSync =
        p -> {
          // The room had no snapshot: one here is the move's, folded from the log.
          if (Files.isDirectory(p)
              && Files.exists(store.snapshotFile(ROOM))
              && Files.exists(store.logFile(ROOM))) {
            folded.set(true);
          }
        };
    store.move(ROOM, new RoomId("ws", "b.txt"));
    // Without a directory sync between the rename and the deletions, a power loss may keep the
    // deletion of the log but not the rename: the room's content would be gone from both names.
    assertThat(folded).isTrue();
  }

  @Test
  void aFailedSyncOfTheDirectoryFailsTheForce() {
    SyncWatch watch = new SyncWatch();
    FileDocumentStore store = new FileDocumentStore(dir, watch);
    store.append(ROOM, bytes(5, 1)); // creates the segment: the force must sync the directory
    watch.failDirectorySyncs = true;
    // Returning would let the hub relay an update whose file may vanish in a power loss.
    assertThatThrownBy(() -> store.force(ROOM))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasRootCauseMessage("Input/output error (a failing disk)");
  }
}
