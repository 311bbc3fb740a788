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
}
