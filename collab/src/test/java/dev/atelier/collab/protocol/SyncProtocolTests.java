package dev.atelier.collab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncProtocolTests {

  /** Runs the handshake both ways through encoded frames, as two WebSocket ends would. */
  private static void handshake(Doc a, Doc b) {
    for (Doc[] pair : new Doc[][] {{a, b}, {b, a}}) {
      byte[] step1 = Frame.sync(SyncProtocol.step1(pair[0])).encode();
      Frame received = Frame.decode(step1);
      Optional<SyncMessage> reply =
          SyncProtocol.handle(pair[1], ((Frame.Sync) received).message(), "peer");
      assertThat(reply).get().extracting(SyncMessage::type).isEqualTo(SyncMessage.Type.STEP2);
      Frame back = Frame.decode(Frame.sync(reply.get()).encode());
      assertThat(SyncProtocol.handle(pair[0], ((Frame.Sync) back).message(), "peer")).isEmpty();
    }
  }

  @Test
  void queuedUpdateFramesMergeIntoOneWithTheSameEffect() {
    Doc a = new Doc(1);
    Doc b = new Doc(2);
    List<byte[]> frames = new ArrayList<>();
    a.onUpdate((u, o) -> frames.add(Frame.sync(SyncProtocol.update(u)).encode()));
    b.onUpdate((u, o) -> frames.add(Frame.sync(SyncProtocol.update(u)).encode()));
    a.getText("content").insert(0, "abc");
    a.getText("content").insert(3, "d");
    b.getText("content").insert(0, "xy");
    a.getText("content").delete(0, 1);
    assertThat(frames).hasSize(4).allMatch(SyncProtocol::isUpdateFrame);

    byte[] merged = SyncProtocol.mergeUpdateFrames(frames);
    assertThat(SyncProtocol.isUpdateFrame(merged)).isTrue();
    Doc separately = new Doc(3);
    for (byte[] f : frames) {
      SyncProtocol.handle(separately, ((Frame.Sync) Frame.decode(f)).message(), "peer");
    }
    Doc atOnce = new Doc(4);
    SyncProtocol.handle(atOnce, ((Frame.Sync) Frame.decode(merged)).message(), "peer");
    assertThat(atOnce.getText("content").toString())
        .isEqualTo(separately.getText("content").toString())
        .hasSize(5);
    assertThat(Updates.encodeStateVector(atOnce)).isEqualTo(Updates.encodeStateVector(separately));

    // The merged update names every keystroke's (client, clock) range.
    Updates.UpdateMeta meta =
        Updates.parseUpdateMeta(((Frame.Sync) Frame.decode(merged)).message().payload());
    assertThat(meta.from()).containsEntry(1L, 0L).containsEntry(2L, 0L);
    assertThat(meta.to()).containsEntry(1L, 4L).containsEntry(2L, 2L);
  }

  @Test
  void onlySyncUpdateFramesAreMergeable() {
    Doc a = new Doc(1);
    a.getText("content").insert(0, "abc");
    byte[] step1 = Frame.sync(SyncProtocol.step1(a)).encode();
    byte[] step2 = Frame.sync(SyncMessage.step2(Updates.encodeStateAsUpdate(a))).encode();
    byte[] awareness = new Frame.AwarenessUpdate(new byte[] {0}).encode();
    assertThat(SyncProtocol.isUpdateFrame(step1)).isFalse();
    assertThat(SyncProtocol.isUpdateFrame(step2)).isFalse();
    assertThat(SyncProtocol.isUpdateFrame(awareness)).isFalse();
    assertThat(SyncProtocol.isUpdateFrame(new byte[0])).isFalse();
    assertThatThrownBy(() -> SyncProtocol.mergeUpdateFrames(List.of(step2, step2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void handshakeExchangesWhatEachSideLacks() {
    Doc a = new Doc(1);
    Doc b = new Doc(2);
    a.getText("t").insert(0, "hello ");
    b.getText("t").insert(0, "world");
    handshake(a, b);
    assertThat(a.getText("t").toString()).isEqualTo(b.getText("t").toString()).hasSize(11);
    assertThat(Updates.encodeStateAsUpdate(a)).isEqualTo(Updates.encodeStateAsUpdate(b));
  }

  @Test
  void updatesRelayedAsMessagesKeepDocsInSync() {
    Doc a = new Doc(1);
    Doc b = new Doc(2);
    List<Object> originsSeenByB = new ArrayList<>();
    a.onUpdate(
        (u, origin) -> {
          if (origin != "peer") {
            SyncProtocol.handle(b, SyncMessage.decode(SyncProtocol.update(u).encode()), "peer");
          }
        });
    b.onUpdate((u, origin) -> originsSeenByB.add(origin));
    a.getText("t").insert(0, "abc");
    a.getMap("m").set("k", "v");
    assertThat(b.getText("t").toString()).isEqualTo("abc");
    assertThat(b.getMap("m").get("k")).isEqualTo("v");
    assertThat(originsSeenByB).containsOnly("peer");
  }

  @Test
  void readOnlyPeersWritesAreDropped() {
    Doc server = new Doc(1);
    Doc guest = new Doc(2);
    server.getText("t").insert(0, "shared");
    guest.getText("t").insert(0, "guest edit ");
    byte[] before = Updates.encodeStateAsUpdate(server);
    // The guest answers the server's step 1 with a step 2 carrying its edit: ignored.
    SyncMessage step2 =
        SyncProtocol.handle(guest, SyncProtocol.step1(server), "server").orElseThrow();
    assertThat(SyncProtocol.handle(server, step2, "guest", true)).isEmpty();
    assertThat(Frame.isWrite(Frame.sync(step2).encode())).isTrue();
    assertThat(Updates.encodeStateAsUpdate(server)).isEqualTo(before);
    // The guest still receives the server's content.
    SyncMessage serverStep2 =
        SyncProtocol.handle(server, SyncProtocol.step1(guest), "guest", true).orElseThrow();
    SyncProtocol.handle(guest, serverStep2, "server");
    assertThat(guest.getText("t").toString()).contains("shared", "guest edit ");
  }

  @Test
  void malformedPayloadsRaiseAndLeaveTheDocUnchanged() {
    Doc doc = new Doc(1);
    doc.getText("t").insert(0, "keep");
    byte[] before = Updates.encodeStateAsUpdate(doc);
    assertThatThrownBy(
            () -> SyncProtocol.handle(doc, SyncMessage.update(new byte[] {1, 1, 5}), "x"))
        .isInstanceOf(CollabException.class);
    assertThatThrownBy(
            () -> SyncProtocol.handle(doc, SyncMessage.step1(new byte[] {(byte) 0x85}), "x"))
        .isInstanceOf(CollabException.class);
    assertThat(Updates.encodeStateAsUpdate(doc)).isEqualTo(before);
    assertThat(doc.getText("t").toString()).isEqualTo("keep");
  }

  @Test
  void stateVectorsDeclaringHugeCountsFailFast() {
    Doc doc = new Doc(1);
    doc.getText("t").insert(0, "x");
    // count 2^48, then nothing
    byte[] sv = {
      (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40
    };
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> SyncProtocol.handle(doc, SyncMessage.step1(sv), "x"))
        .isInstanceOf(CollabException.class);
    assertThat(System.nanoTime() - t0).isLessThan(1_000_000_000L);
  }

  @Test
  void corruptedStep2sEitherApplyOrRaiseAndLeaveTheDocUnchanged() {
    Doc source = new Doc(77);
    source.getText("t").insert(0, "hello wörld 😀");
    source.getText("t").format(1, 3, java.util.Map.of("bold", true));
    source.getMap("m").set("k", java.util.Map.of("a", java.util.List.of(1, "b")));
    source.getText("t").delete(2, 2);
    byte[] valid = Updates.encodeStateAsUpdate(source);
    java.util.Random rnd = new java.util.Random(5);
    long t0 = System.nanoTime();
    for (int i = 0; i < 3000; i++) {
      byte[] bad = valid.clone();
      if (rnd.nextInt(4) == 0) {
        bad = java.util.Arrays.copyOf(bad, rnd.nextInt(bad.length));
      } else {
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
          bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
        }
      }
      Doc target = new Doc(78);
      target.getText("t").insert(0, "mine");
      byte[] before = Updates.encodeStateAsUpdate(target);
      try {
        SyncProtocol.handle(target, SyncMessage.step2(bad), "peer");
      } catch (CollabException e) {
        assertThat(Updates.encodeStateAsUpdate(target)).as("iteration %d", i).isEqualTo(before);
        assertThat(target.getText("t").toString()).isEqualTo("mine");
      }
    }
    assertThat(System.nanoTime() - t0).isLessThan(60_000_000_000L);
  }
}
