package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PendingUpdateTests {

  private static List<byte[]> typeSequence(Peers.Peer p, String text) {
    YText t = p.doc.getText("text");
    for (int i = 0; i < text.length(); i++) {
      t.insert(i, text.substring(i, i + 1));
    }
    return p.drain();
  }

  @Test
  void updatesArrivingOutOfOrderWaitForTheGapAndThenApply() {
    Peers.Peer a = new Peers.Peer(1);
    List<byte[]> updates = typeSequence(a, "hello");
    Doc b = new Doc(2);
    Updates.applyUpdate(b, updates.get(2));
    Updates.applyUpdate(b, updates.get(4));
    assertThat(b.getText("text").toString()).isEmpty();
    assertThat(b.store.pendingStructs).isNotNull();
    assertThat(Updates.encodeStateVector(b)).isEqualTo(new byte[] {0});
    Updates.applyUpdate(b, updates.get(0));
    assertThat(b.getText("text").toString()).isEqualTo("h");
    Updates.applyUpdate(b, updates.get(1));
    assertThat(b.getText("text").toString()).isEqualTo("hel");
    Updates.applyUpdate(b, updates.get(3));
    assertThat(b.getText("text").toString()).isEqualTo("hello");
    assertThat(b.store.pendingStructs).isNull();
    assertThat(Updates.encodeStateAsUpdate(b)).isEqualTo(Updates.encodeStateAsUpdate(a.doc));
  }

  @Test
  void deletionOfContentNotYetReceivedIsAppliedWhenItArrives() {
    Peers.Peer a = new Peers.Peer(1);
    a.doc.getText("text").insert(0, "abcdef");
    byte[] insert = a.drain().get(0);
    a.doc.getText("text").delete(1, 3);
    byte[] delete = a.drain().get(0);
    Doc b = new Doc(2);
    Updates.applyUpdate(b, delete);
    assertThat(b.store.pendingDs).isNotNull();
    Updates.applyUpdate(b, insert);
    assertThat(b.getText("text").toString()).isEqualTo("aef");
    assertThat(b.store.pendingDs).isNull();
    assertThat(Updates.encodeStateAsUpdate(b)).isEqualTo(Updates.encodeStateAsUpdate(a.doc));
  }

  @Test
  void missingDependencyOnAnotherClientIsWaitedFor() {
    Peers.Peer a = new Peers.Peer(1);
    Peers.Peer b = new Peers.Peer(2);
    a.doc.getText("text").insert(0, "base");
    byte[] fromA = a.drain().get(0);
    b.apply(fromA);
    b.doc.getText("text").insert(2, "XY");
    byte[] fromB = b.drain().get(0);
    Doc c = new Doc(3);
    Updates.applyUpdate(c, fromB);
    assertThat(c.getText("text").toString()).isEmpty();
    // the pending part travels along with the state
    byte[] stateWithPending = Updates.encodeStateAsUpdate(c);
    Doc d = new Doc(4);
    Updates.applyUpdate(d, stateWithPending);
    Updates.applyUpdate(c, fromA);
    Updates.applyUpdate(d, fromA);
    assertThat(c.getText("text").toString()).isEqualTo("baXYse");
    assertThat(d.getText("text").toString()).isEqualTo("baXYse");
  }

  @Test
  void anyDeliveryOrderGivesTheSameDocument() {
    Peers.Peer a = new Peers.Peer(1);
    Peers.Peer b = new Peers.Peer(2);
    List<byte[]> all = new ArrayList<>();
    Random rnd = new Random(7);
    for (int i = 0; i < 200; i++) {
      Peers.Peer p = rnd.nextBoolean() ? a : b;
      YText t = p.doc.getText("text");
      if (t.length() > 0 && rnd.nextInt(3) == 0) {
        t.delete(rnd.nextInt(t.length()), 1);
      } else {
        t.insert(rnd.nextInt(t.length() + 1), "" + (char) ('a' + rnd.nextInt(26)));
      }
      List<byte[]> out = p.drain();
      all.addAll(out);
      (p == a ? b : a).apply(out.get(0));
    }
    for (long seed = 0; seed < 5; seed++) {
      List<byte[]> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, new Random(seed));
      Doc c = new Doc(9);
      for (byte[] u : shuffled) {
        Updates.applyUpdate(c, u);
      }
      assertThat(c.getText("text").toString()).isEqualTo(a.doc.getText("text").toString());
      assertThat(Updates.encodeStateAsUpdate(c)).isEqualTo(Updates.encodeStateAsUpdate(a.doc));
      assertThat(c.store.pendingStructs).isNull();
      assertThat(c.store.pendingDs).isNull();
    }
  }

  @Test
  void stateWithPendingStructsAndDeletesEncodesLikeYjs() {
    // updates of client 1 typing "hello" and deleting "el", and client 2 inserting "XY";
    // the receiver gets updates 2, 4, 5 and 6 only. Expected bytes from yjs 13.6.33.
    String[] ups = {
      "0101010004010174016800", "01010101840100016500", "01010102840101016c00",
      "01010103840102016c00", "01010104840103016f00", "000101010102",
      "01010200c40102010302585900"
    };
    Doc b = new Doc(3);
    for (int i : new int[] {2, 4, 5, 6}) {
      Updates.applyUpdate(b, GoldenVectorTests.bytes(ups[i]));
    }
    String expected = "02010200c401020103025859030102840101016c0a01840103016f0101010102";
    assertThat(GoldenVectorTests.hex(Updates.encodeStateAsUpdate(b))).isEqualTo(expected);
    assertThat(GoldenVectorTests.hex(Updates.encodeStateAsUpdate(b, new byte[] {1, 1, 1})))
        .isEqualTo(expected);
    Updates.applyUpdate(b, GoldenVectorTests.bytes(ups[0]));
    Updates.applyUpdate(b, GoldenVectorTests.bytes(ups[1]));
    Updates.applyUpdate(b, GoldenVectorTests.bytes(ups[3]));
    assertThat(b.getText("t").toString()).isEqualTo("hXYlo");
    assertThat(b.store.pendingStructs).isNull();
    assertThat(b.store.pendingDs).isNull();
  }
}
