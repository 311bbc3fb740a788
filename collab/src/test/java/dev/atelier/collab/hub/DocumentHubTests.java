package dev.atelier.collab.hub;

import static dev.atelier.collab.hub.FakeBrowser.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.protocol.AwarenessEntry;
import dev.atelier.collab.protocol.Frame;
import dev.atelier.collab.protocol.ProtocolLimits;
import dev.atelier.collab.protocol.SyncMessage;
import dev.atelier.collab.protocol.SyncProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentHubTests {
  private static final RoomId ROOM = new RoomId("ws1", "src/Main.java");

  @TempDir Path dir;
  private final List<DocumentHub> hubs = new ArrayList<>();
  private final AtomicInteger seeded = new AtomicInteger();

  private DocumentHub hub(HubOptions options) {
    DocumentHub hub =
        new DocumentHub(
            new FileDocumentStore(dir),
            id -> {
              seeded.incrementAndGet();
              return "hello world";
            },
            options);
    hubs.add(hub);
    return hub;
  }

  private DocumentHub hub() {
    return hub(HubOptions.DEFAULTS);
  }

  @AfterEach
  void closeHubs() {
    hubs.forEach(DocumentHub::close);
  }

  @Test
  void twoPeersConverge() {
    DocumentHub hub = hub();
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser b = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a, b);
    assertThat(a.content()).isEqualTo("hello world");
    assertThat(b.content()).isEqualTo("hello world");

    a.insert(0, "A: ");
    b.insert(11, "!");
    b.insert(0, "B");
    settle(a, b);

    assertThat(a.content()).isEqualTo(b.content()).isEqualTo(hub.documentText(ROOM));
    assertThat(a.content()).contains("A: ", "B", "hello world!");
    assertThat(Updates.encodeStateVector(a.doc)).isEqualTo(Updates.encodeStateVector(b.doc));
  }

  @Test
  void seedIsCreatedOnceAndIsTheSameForTheSameText(@TempDir Path otherDir) {
    DocumentHub first = hub();
    FakeBrowser a = new FakeBrowser(first, ROOM, AccessMode.READ_WRITE);
    settle(a);
    first.close();
    DocumentHub restarted = hub();
    assertThat(restarted.documentText(ROOM)).isEqualTo("hello world");
    assertThat(seeded).hasValue(1);

    // Another server (empty store) seeding the same text: a browser holding the first state joins
    // it without the text appearing twice.
    DocumentHub other =
        new DocumentHub(new FileDocumentStore(otherDir), id -> "hello world", HubOptions.DEFAULTS);
    hubs.add(other);
    FakeBrowser again = new FakeBrowser(other, ROOM, AccessMode.READ_WRITE);
    Updates.applyUpdate(again.doc, Updates.encodeStateAsUpdate(a.doc), "old state");
    again.outbox.clear();
    again.hub.receive(again.peer, Frame.sync(SyncProtocol.step1(again.doc)).encode());
    settle(again);
    assertThat(again.content()).isEqualTo("hello world");
    assertThat(other.documentText(ROOM)).isEqualTo("hello world");
    assertThat(DocumentHub.seedUpdate("x")).isEqualTo(DocumentHub.seedUpdate("x"));
  }

  @Test
  void readOnlyPeerUpdateIsRejectedButItsAwarenessIsBroadcast() {
    DocumentHub hub = hub();
    FakeBrowser writer = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser reader = new FakeBrowser(hub, ROOM, AccessMode.READ_ONLY);
    settle(writer, reader);
    byte[] before = Updates.encodeStateVector(writer.doc);

    reader.insert(0, "forged ");
    reader.setPresence("{\"name\":\"guest\",\"cursor\":3}");
    settle(writer, reader);

    assertThat(hub.documentText(ROOM)).isEqualTo("hello world");
    assertThat(writer.content()).isEqualTo("hello world");
    assertThat(Updates.encodeStateVector(writer.doc)).isEqualTo(before);
    assertThat(reader.denied).containsExactly("read-only access: the update was rejected");
    assertThat(reader.closed()).isFalse();
    assertThat(writer.awareness.states())
        .containsEntry(reader.doc.clientId(), "{\"name\":\"guest\",\"cursor\":3}");

    // A read-only peer still receives the writer's edits.
    writer.insert(0, ">");
    settle(writer, reader);
    assertThat(reader.content()).contains(">", "hello world");
  }

  @Test
  void accessModeChangeAppliesToTheNextFrame() {
    DocumentHub hub = hub();
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a);
    hub.setAccessMode(a.peer, AccessMode.READ_ONLY);
    a.insert(0, "x");
    settle(a);
    assertThat(hub.documentText(ROOM)).isEqualTo("hello world");
    hub.setAccessMode(a.peer, AccessMode.READ_WRITE);
    a.insert(0, "y");
    settle(a);
    // "y" depends on the refused "x", so the hub keeps it pending; the client's next sync step 2
    // (sent on every reconnect) carries both.
    assertThat(hub.documentText(ROOM)).isEqualTo("hello world");
    hub.receive(a.peer, Frame.sync(SyncMessage.step2(Updates.encodeStateAsUpdate(a.doc))).encode());
    assertThat(hub.documentText(ROOM)).isEqualTo(a.content()).isEqualTo("yxhello world");
  }

  @Test
  void malformedFrameClosesOnlyThatPeer() {
    DocumentHub hub = hub();
    FakeBrowser bad = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser good = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser unknown = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(bad, good, unknown);
    byte[] state = Updates.encodeStateAsUpdate(good.doc);

    hub.receive(bad.peer, new byte[] {0, 2, 5, 1, 2});
    hub.receive(unknown.peer, new byte[] {9});

    assertThat(bad.closeCode).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    assertThat(bad.closeReason).isNotBlank();
    assertThat(unknown.closeCode).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
    assertThat(unknown.closeReason).contains("unknown frame type 9");
    assertThat(hub.peers(ROOM)).extracting(Peer::connection).containsExactly(good);
    assertThat(good.closed()).isFalse();

    good.insert(0, "still ");
    settle(good);
    assertThat(hub.documentText(ROOM)).isEqualTo("still hello world");
    assertThat(Updates.encodeStateAsUpdate(good.doc)).isNotEqualTo(state);
    // Frames from a closed peer are ignored.
    bad.insert(0, "late");
    bad.flush();
    assertThat(hub.documentText(ROOM)).isEqualTo("still hello world");
  }

  @Test
  void oversizedFrameIsRefused() {
    DocumentHub hub = hub(HubOptions.DEFAULTS.withLimits(new ProtocolLimits(64, 16, 64, 8)));
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a);
    a.insert(0, "x".repeat(200));
    settle(a);
    assertThat(a.closeCode).isEqualTo(CloseCodes.TOO_BIG);
    assertThat(hub.documentText(ROOM)).isEqualTo("hello world");
  }

  @Test
  void updatesThatWouldExceedTheDocumentSizeLimitAreRefused() {
    DocumentHub hub = hub(HubOptions.DEFAULTS.withMaxDocumentBytes(600));
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser b = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a, b);
    a.insert(0, "small ");
    settle(a, b);
    assertThat(hub.documentText(ROOM)).isEqualTo("small hello world");

    a.insert(0, "y".repeat(1000));
    settle(a, b);
    assertThat(a.closeCode).isEqualTo(CloseCodes.TOO_BIG);
    assertThat(a.closeReason).contains("document size limit of 600 bytes");
    assertThat(hub.documentText(ROOM)).isEqualTo("small hello world");
    assertThat(b.content()).isEqualTo("small hello world");
    assertThat(b.closed()).isFalse();
  }

  @Test
  void awarenessIsRemovedWhenAPeerLeaves() {
    DocumentHub hub = hub();
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser b = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    a.setPresence("{\"name\":\"ada\"}");
    b.setPresence("{\"name\":\"bob\"}");
    settle(a, b);
    assertThat(b.awareness.states()).containsKey(a.doc.clientId());

    hub.leave(a.peer);
    settle(b);
    assertThat(b.awareness.states()).doesNotContainKey(a.doc.clientId());
    assertThat(b.awareness.states()).containsKey(b.doc.clientId());

    // A newcomer gets the remaining states on join, and on query.
    FakeBrowser c = new FakeBrowser(hub, ROOM, AccessMode.READ_ONLY);
    settle(c);
    assertThat(c.awareness.states()).containsOnlyKeys(b.doc.clientId());
    hub.receive(c.peer, new Frame.QueryAwareness().encode());
    Frame reply = Frame.decode(c.inbox.get(c.inbox.size() - 1));
    assertThat(reply).isInstanceOf(Frame.AwarenessUpdate.class);
    assertThat(
            AwarenessEntry.decodeUpdate(
                ((Frame.AwarenessUpdate) reply).update(), ProtocolLimits.DEFAULTS))
        .extracting(AwarenessEntry::clientId)
        .containsExactly(b.doc.clientId());
  }

  @Test
  void aPeerCannotOverwriteAnotherPeersAwareness() {
    DocumentHub hub = hub();
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser mallory = new FakeBrowser(hub, ROOM, AccessMode.READ_ONLY);
    a.setPresence("{\"name\":\"ada\"}");
    settle(a, mallory);
    byte[] forged =
        AwarenessEntry.encodeUpdate(List.of(new AwarenessEntry(a.doc.clientId(), 99, null)));
    hub.receive(mallory.peer, new Frame.AwarenessUpdate(forged).encode());
    settle(a, mallory);
    assertThat(mallory.awareness.states()).containsEntry(a.doc.clientId(), "{\"name\":\"ada\"}");
  }

  @Test
  void closePeersClosesTheMatchingPeersWithinTheCall() {
    DocumentHub hub = hub();
    RoomId other = new RoomId("ws1", "README.md");
    FakeBrowser owner = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser guest = new FakeBrowser(hub, ROOM, AccessMode.READ_ONLY);
    FakeBrowser guestElsewhere = new FakeBrowser(hub, other, AccessMode.READ_ONLY);
    guest.setPresence("{\"name\":\"guest\"}");
    settle(owner, guest, guestElsewhere);

    int closed =
        hub.closePeers(
            p -> p.accessMode() == AccessMode.READ_ONLY, CloseCodes.ACCESS_REVOKED, "revoked");

    assertThat(closed).isEqualTo(2);
    assertThat(guest.closeCode).isEqualTo(CloseCodes.ACCESS_REVOKED);
    assertThat(guestElsewhere.closeReason).isEqualTo("revoked");
    assertThat(owner.closed()).isFalse();
    assertThat(hub.peers(ROOM)).extracting(Peer::connection).containsExactly(owner);
    settle(owner);
    assertThat(owner.awareness.states()).doesNotContainKey(guest.doc.clientId());
  }

  @Test
  void listenersShareOneTextPerChangeBuiltOnlyWhenAsked() {
    DocumentHub hub = hub();
    List<String> texts = new ArrayList<>();
    List<Object> origins = new ArrayList<>();
    hub.onDocumentChanged((room, text, origin) -> origins.add(origin)); // never asks for the text
    hub.onDocumentChanged((room, text, origin) -> texts.add(text.get()));
    hub.onDocumentChanged((room, text, origin) -> texts.add(text.get()));
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a);
    a.insert(0, ">");
    a.flush();

    assertThat(origins).containsExactly(a.peer);
    assertThat(texts).hasSize(2).containsOnly(">hello world");
    assertThat(texts.get(0)).isSameAs(texts.get(1));
  }

  @Test
  void externalEditIsAMinimalDiffThatPreservesConcurrentTyping() {
    DocumentHub hub = hub();
    List<Object> origins = new ArrayList<>();
    hub.onDocumentChanged((room, text, origin) -> origins.add(origin));
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    FakeBrowser b = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a, b);

    a.insert(5, ",");
    // `echo again >> file` happens while a's comma is still in flight.
    assertThat(hub.applyExternalEdit(ROOM, "hello world\nagain\n")).isTrue();
    assertThat(hub.applyExternalEdit(ROOM, "hello world\nagain\n")).isFalse();
    byte[] diskUpdate = b.inbox.get(b.inbox.size() - 1);
    settle(a, b);

    assertThat(a.content()).isEqualTo(b.content()).isEqualTo(hub.documentText(ROOM));
    assertThat(a.content()).isEqualTo("hello, world\nagain\n");
    // Only the appended text travels, not the whole file again.
    assertThat(diskUpdate.length).isLessThan(40);
    assertThat(origins).containsExactly(DocumentHub.ORIGIN_DISK, a.peer);

    hub.applyExternalEdit(ROOM, "hello, there\nagain\n");
    settle(a, b);
    assertThat(a.content()).isEqualTo(b.content()).isEqualTo("hello, there\nagain\n");
  }

  @Test
  void movingAndDeletingARoomClosesItsPeersAndKeepsOrDropsTheState() {
    DocumentHub hub = hub();
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a);
    a.insert(0, "edited ");
    settle(a);
    RoomId renamed = new RoomId("ws1", "src/App.java");

    hub.moveRoom(ROOM, renamed);
    assertThat(a.closeCode).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(a.closeReason).contains("src/App.java");
    assertThat(hub.documentText(renamed)).isEqualTo("edited hello world");
    assertThat(seeded).hasValue(1);

    hub.deleteRoom(renamed);
    assertThat(hub.openRooms()).isEmpty();
    // Nothing stored any more: the file's text seeds the room again.
    assertThat(hub.documentText(renamed)).isEqualTo("hello world");
    assertThat(seeded).hasValue(2);
  }

  @Test
  void idleRoomIsCompactedAndClosed() throws Exception {
    DocumentHub hub = hub(HubOptions.DEFAULTS.withIdleRoomTimeout(Duration.ofMillis(50)));
    FakeBrowser a = new FakeBrowser(hub, ROOM, AccessMode.READ_WRITE);
    settle(a);
    a.insert(0, "x");
    settle(a);
    hub.leave(a.peer);
    await().atMost(Duration.ofSeconds(5)).until(() -> hub.openRooms().isEmpty());
    FileDocumentStore store = new FileDocumentStore(dir);
    StoredDocument stored = store.load(ROOM).orElseThrow();
    assertThat(stored.log()).isEmpty();
    assertThat(stored.snapshot()).isNotEmpty();
    assertThat(hub.documentText(ROOM)).isEqualTo("xhello world");
  }
}
