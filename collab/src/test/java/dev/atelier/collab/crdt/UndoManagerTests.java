package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UndoManagerTests {

  private final AtomicLong now = new AtomicLong(1_000);

  private UndoManager undoFor(AbstractType<?> type, Object origin) {
    Set<Object> origins = new HashSet<>();
    origins.add(origin);
    return new UndoManager(List.of(type), origins, 500, now::get);
  }

  @Test
  void eachUserUndoesOnlyTheirOwnEdits() {
    Doc doc = new Doc(1);
    YText t = doc.getText("t");
    UndoManager alice = undoFor(t, "alice");
    UndoManager bob = undoFor(t, "bob");
    doc.transact(() -> t.insert(0, "Hello"), "alice");
    now.addAndGet(1000);
    doc.transact(() -> t.insert(5, " world"), "bob");
    now.addAndGet(1000);
    doc.transact(() -> t.insert(0, ">"), "alice");
    assertThat(t.toString()).isEqualTo(">Hello world");
    assertThat(alice.undo()).isTrue();
    assertThat(t.toString()).isEqualTo("Hello world");
    assertThat(alice.undo()).isTrue();
    assertThat(t.toString()).isEqualTo(" world");
    assertThat(alice.canUndo()).isFalse();
    assertThat(bob.undo()).isTrue();
    assertThat(t.toString()).isEmpty();
    assertThat(alice.redo()).isTrue();
    assertThat(t.toString()).isEqualTo("Hello");
  }

  @Test
  void undoRestoresDeletedTextAndRedoDeletesItAgain() {
    Doc doc = new Doc(1);
    YText t = doc.getText("t");
    doc.transact(() -> t.insert(0, "abcdef"), "me");
    UndoManager um = undoFor(t, "me");
    doc.transact(() -> t.delete(1, 3), "me");
    assertThat(t.toString()).isEqualTo("aef");
    um.undo();
    assertThat(t.toString()).isEqualTo("abcdef");
    um.redo();
    assertThat(t.toString()).isEqualTo("aef");
    um.undo();
    assertThat(t.toString()).isEqualTo("abcdef");
  }

  @Test
  void editsWithinTheCaptureTimeoutFormOneStep() {
    Doc doc = new Doc(1);
    YText t = doc.getText("t");
    UndoManager um = undoFor(t, "me");
    doc.transact(() -> t.insert(0, "a"), "me");
    now.addAndGet(100);
    doc.transact(() -> t.insert(1, "b"), "me");
    now.addAndGet(100);
    um.stopCapturing();
    doc.transact(() -> t.insert(2, "c"), "me");
    assertThat(t.toString()).isEqualTo("abc");
    um.undo();
    assertThat(t.toString()).isEqualTo("ab");
    um.undo();
    assertThat(t.toString()).isEmpty();
    assertThat(um.undo()).isFalse();
  }

  @Test
  void undoWorksAcrossPeersAndForMapsAndNestedTypes() {
    Doc a = new Doc(1);
    Doc b = new Doc(2);
    YMap m = a.getMap("m");
    UndoManager um = undoFor(m, "me");
    a.transact(() -> m.set("k", "v1"), "me");
    now.addAndGet(1000);
    a.transact(() -> m.set("nested", new YText("x")), "me");
    Peers.sync(a, b);
    b.getMap("m").set("other", 1);
    Peers.sync(a, b);
    um.undo();
    um.undo();
    Peers.sync(a, b);
    assertThat(a.getMap("m").toJson()).isEqualTo(Map.of("other", 1));
    assertThat(b.getMap("m").toJson()).isEqualTo(Map.of("other", 1));
    um.redo();
    Peers.sync(a, b);
    assertThat(b.getMap("m").toJson()).isEqualTo(Map.of("other", 1, "k", "v1"));
  }

  @Test
  void remoteChangesAreNotUndone() {
    Doc a = new Doc(1);
    Doc b = new Doc(2);
    YText t = a.getText("t");
    UndoManager um = undoFor(t, "me");
    a.transact(() -> t.insert(0, "mine "), "me");
    b.getText("t").insert(0, "theirs ");
    Peers.sync(a, b);
    um.undo();
    assertThat(t.toString()).isEqualTo("theirs ");
    assertThat(um.canUndo()).isFalse();
  }

  @Test
  void undoRedoSequenceProducesTheSameDocumentAsYjs() {
    Doc d = new Doc(3);
    YText t = d.getText("t");
    YMap m = d.getMap("m");
    UndoManager um = new UndoManager(List.of(t, m), new HashSet<>(Set.of("me")), 0, now::get);
    d.transact(() -> t.insert(0, "hello world"), "me");
    d.transact(() -> t.insert(5, ","), "other");
    d.transact(() -> t.delete(0, 3), "me");
    d.transact(() -> t.format(0, 4, Map.of("bold", true)), "me");
    d.transact(() -> m.set("k", "v"), "me");
    YMap inner = new YMap();
    d.transact(
        () -> {
          m.set("n", inner);
          inner.set("x", 1);
        },
        "me");
    d.transact(() -> m.set("k", "w"), "me");
    um.undo();
    um.undo();
    um.undo();
    um.redo();
    um.undo();
    um.undo();
    um.undo();
    um.redo();
    um.redo();
    assertThat(m.toJson()).isEmpty();
    // yjs 13.6.33, same operations, UndoManager with captureTimeout 0
    assertThat(GoldenVectorTests.hex(Updates.encodeStateAsUpdate(d)))
        .isEqualTo(
            "01100300040101740368656c840302026c6f840304012084030505776f726c64c403040305012cc6"
                + "0302030304626f6c640474727565c60305030604626f6c64046e756c6c2801016d016b01770176"
                + "2701016d016e012800030f0178017d01a8030e01770177a8031101770176a80312017701764403"
                + "000368656cc60302030c04626f6c640474727565c60305030d04626f6c64046e756c6c01030200"
                + "030c0b");
  }
}
