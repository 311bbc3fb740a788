package dev.atelier.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.hub.DocumentHub;
import dev.atelier.collab.hub.HubOptions;
import dev.atelier.collab.hub.RoomId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The document–file bridge over files in memory and a watch the test drives: what reaches the file,
 * what reaches the document, and that a tool's edit and a change on disk are told apart.
 */
class FileSyncTests {

  private static final String WS = "ws1";
  private static final String PEER = "peer"; // stands for an editor's update

  @TempDir Path dir;

  private MemoryFiles files;
  private WorkspaceDocumentStore store;
  private DocumentHub hub;
  private CollabDocuments documents;
  private final List<String> dirty = new CopyOnWriteArrayList<>();

  @BeforeEach
  void bridge() {
    files = new MemoryFiles();
    start();
  }

  /** The bridge over {@link #files} and the store in {@link #dir} (again after a restart). */
  private void start() {
    store = new WorkspaceDocumentStore(dir);
    WorkspaceText text = new WorkspaceText(ws -> files, new EditableText(1 << 20));
    hub =
        new DocumentHub(
            store,
            room -> text.read(room.workspaceId(), room.path()).orElse(""),
            HubOptions.DEFAULTS);
    documents =
        new CollabDocuments(
            hub, store, text, files, Duration.ofMillis(30), Duration.ofMillis(300), () -> null);
    documents.subscribe(WS, (path, d) -> dirty.add(path + "=" + d));
  }

  @AfterEach
  void close() {
    documents.close();
    hub.close();
    store.close();
  }

  private void file(String path, String text) {
    files.content.put(path, text.getBytes(StandardCharsets.UTF_8));
  }

  private RoomId open(String path) {
    RoomId room = new RoomId(WS, path);
    documents.peerJoined(room);
    return room;
  }

  private void type(RoomId room, UnaryOperator<String> edit) {
    hub.applyEdit(room, edit, PEER);
  }

  @Test
  void editsReachTheFileAfterTheSaveDelayAndTheDirtyMarkerFollows() {
    file("a.txt", "hello\n");
    RoomId room = open("a.txt");
    type(room, t -> t + "world\n");
    assertThat(documents.isDirty(WS, "a.txt")).isTrue();
    await(() -> "hello\nworld\n".equals(files.text("a.txt")), "the edit on disk");
    await(() -> dirty.contains("a.txt=false"), "clean again");
    assertThat(documents.isDirty(WS, "a.txt")).isFalse();
    assertThat(dirty).containsExactly("a.txt=true", "a.txt=false");
    assertThat(files.writes("a.txt")).isEqualTo(1);
  }

  @Test
  void aChangeOnDiskIsMergedWithEditsNotYetWritten() {
    file("b.txt", "one\ntwo\nthree\n");
    RoomId room = open("b.txt");
    documents.saveNow(WS, "b.txt").join();
    type(room, t -> t.replace("three", "THREE"));
    files.writeOutside("b.txt", "ONE\ntwo\nthree\n");
    await(() -> hub.documentText(room).equals("ONE\ntwo\nTHREE\n"), "the merge in the document");
    await(() -> "ONE\ntwo\nTHREE\n".equals(files.text("b.txt")), "the merge on disk");
  }

  @Test
  void ourOwnWritesAreNotAppliedBack() throws Exception {
    file("c.txt", "x");
    RoomId room = open("c.txt");
    type(room, t -> t + "y");
    documents.saveNow(WS, "c.txt").join();
    assertThat(files.text("c.txt")).isEqualTo("xy");
    // The echo of our write arrives after more typing: it must not be merged as a disk change.
    type(room, t -> t + "z");
    files.report(dev.atelier.runtime.spi.WorkspaceFiles.FileChange.Kind.MODIFIED, "c.txt");
    await(() -> "xyz".equals(files.text("c.txt")), "the second edit on disk");
    Thread.sleep(100);
    assertThat(hub.documentText(room)).isEqualTo("xyz");
  }

  /**
   * The bug this bridge fixes: a rename's edit written to the file behind the document's back was
   * later merged as a disk change against the text before the rename, and what a peer had typed
   * meanwhile duplicated the renamed text.
   */
  @Test
  void aToolEditGoesIntoTheDocumentAndTheFileOnceWhileAPeerTypes() throws Exception {
    file("shapes.py", "def area(w, h):\n    return w * h\n");
    RoomId room = open("shapes.py");
    type(room, t -> t + "# a");
    documents.applyEdit(WS, "shapes.py", t -> t.replace("area", "surface"));
    // The file holds the edit when applyEdit returns, with what the peer typed before it.
    assertThat(files.text("shapes.py")).isEqualTo("def surface(w, h):\n    return w * h\n# a");
    type(room, t -> t + "bc");
    files.report(dev.atelier.runtime.spi.WorkspaceFiles.FileChange.Kind.MODIFIED, "shapes.py");
    String expected = "def surface(w, h):\n    return w * h\n# abc";
    await(() -> expected.equals(files.text("shapes.py")), "the typing after the edit on disk");
    Thread.sleep(100);
    assertThat(hub.documentText(room)).isEqualTo(expected);
    assertThat(files.text("shapes.py")).isEqualTo(expected);
  }

  @Test
  void aToolEditOfAFileNobodyHasOpenIsWrittenAtOnce() {
    file("util.py", "def add(a, b):\n    return a + b\n");
    documents.applyEdit(WS, "util.py", t -> t.replace("add", "plus"));
    assertThat(files.text("util.py")).isEqualTo("def plus(a, b):\n    return a + b\n");
    assertThat(files.writes("util.py")).isEqualTo(1);
    assertThat(documents.isDirty(WS, "util.py")).isFalse();
  }

  @Test
  void aFailingToolEditChangesNothing() {
    file("d.txt", "keep\n");
    RoomId room = open("d.txt");
    assertThatThrownBy(
            () ->
                documents.applyEdit(
                    WS,
                    "d.txt",
                    t -> {
                      throw new IllegalArgumentException("overlapping edits");
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("overlapping edits");
    assertThat(hub.documentText(room)).isEqualTo("keep\n");
    assertThat(files.writes("d.txt")).isZero();
  }

  @Test
  void aToolEditOfAFileThatCannotBeADocumentIsRefused() {
    files.content.put("img.bin", new byte[] {'P', 0, 'N', 'G'});
    assertThatThrownBy(() -> documents.applyEdit(WS, "img.bin", t -> t + "x"))
        .isInstanceOfSatisfying(
            WorkspaceText.Unavailable.class,
            e -> assertThat(e.closeCode()).isEqualTo(WorkspaceText.NOT_TEXT));
    assertThat(files.content.get("img.bin")).containsExactly('P', 0, 'N', 'G');
  }

  @Test
  void aChangeMadeWhileTheServerWasDownIsMergedWithUnwrittenEditsAtTheNextOpen() {
    file("e.txt", "alpha\n");
    RoomId room = open("e.txt");
    documents.saveNow(WS, "e.txt").join();
    // An acknowledged edit that never reached the file (the server stops before the write) ...
    documents.close(); // writes pending edits: take the edit in after it, straight into the hub
    type(room, t -> "first\n" + t);
    hub.close();
    store.close();
    // ... and a change on disk nobody saw.
    files.content.put("e.txt", "alpha\nbeta\n".getBytes(StandardCharsets.UTF_8));
    start();
    open("e.txt");
    assertThat(hub.documentText(room)).isEqualTo("first\nalpha\nbeta\n");
    await(() -> "first\nalpha\nbeta\n".equals(files.text("e.txt")), "the merge on disk");
  }

  @Test
  void everyDocumentOfAWorkspaceSharesOneWatch() {
    file("f.txt", "f");
    file("g.txt", "g");
    open("f.txt");
    open("g.txt");
    assertThat(files.watchesOpened.get()).isEqualTo(1);
    assertThat(files.watchers).hasSize(1);
  }

  @Test
  void aDeletedFileKeepsItsDocumentAndTheNextEditRecreatesIt() {
    file("h.txt", "h");
    RoomId room = open("h.txt");
    files.content.remove("h.txt");
    files.report(dev.atelier.runtime.spi.WorkspaceFiles.FileChange.Kind.DELETED, "h.txt");
    await(() -> !documents.isDirty(WS, "h.txt"), "settled");
    sleep(100);
    assertThat(files.text("h.txt")).isNull();
    assertThat(hub.documentText(room)).isEqualTo("h");
    type(room, t -> t + "!");
    await(() -> "h!".equals(files.text("h.txt")), "the file recreated");
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      sleep(10);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
