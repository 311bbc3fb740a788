package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** mergeUpdates, diffUpdate and encodeStateVectorFromUpdate agree with the document functions. */
class UpdateFunctionsTests {

  private static List<byte[]> randomHistory(Peers.Peer a, Peers.Peer b, long seed, int ops) {
    Random rnd = new Random(seed);
    List<byte[]> all = new ArrayList<>();
    for (int i = 0; i < ops; i++) {
      Peers.Peer p = rnd.nextBoolean() ? a : b;
      ConvergenceTests.randomOp(rnd, p.doc, true);
      for (byte[] u : p.drain()) {
        all.add(u);
        (p == a ? b : a).apply(u);
      }
      // the receiving side may produce formatting cleanups
      for (Peers.Peer q : List.of(a, b)) {
        for (byte[] u : q.drain()) {
          all.add(u);
          (q == a ? b : a).apply(u);
        }
      }
    }
    return all;
  }

  @Test
  void mergedUpdatesRebuildTheDocument() {
    Peers.Peer a = new Peers.Peer(1);
    Peers.Peer b = new Peers.Peer(2);
    List<byte[]> all = randomHistory(a, b, 3, 300);
    byte[] merged = Updates.mergeUpdates(all);
    Doc c = new Doc(3);
    Updates.applyUpdate(c, merged);
    assertThat(c.getText("text").toDelta()).isEqualTo(a.doc.getText("text").toDelta());
    assertThat(c.getMap("map").toJson()).isEqualTo(a.doc.getMap("map").toJson());
    assertThat(Updates.encodeStateAsUpdate(c)).isEqualTo(Updates.encodeStateAsUpdate(a.doc));
    assertThat(Updates.encodeStateVectorFromUpdate(merged))
        .isEqualTo(Updates.encodeStateVector(a.doc));
    // merging in halves, then merging the halves, is the same document
    byte[] left = Updates.mergeUpdates(all.subList(0, all.size() / 2));
    byte[] right = Updates.mergeUpdates(all.subList(all.size() / 2, all.size()));
    Doc d = new Doc(4);
    Updates.applyUpdate(d, Updates.mergeUpdates(List.of(right, left)));
    assertThat(Updates.encodeStateAsUpdate(d)).isEqualTo(Updates.encodeStateAsUpdate(a.doc));
  }

  @Test
  void diffOfAnUpdateEqualsEncodingTheDocumentAgainstAStateVector() {
    Peers.Peer a = new Peers.Peer(1);
    Peers.Peer b = new Peers.Peer(2);
    List<byte[]> all = randomHistory(a, b, 5, 200);
    Doc older = new Doc(7);
    for (byte[] u : all.subList(0, all.size() / 3)) {
      Updates.applyUpdate(older, u);
    }
    byte[] sv = Updates.encodeStateVector(older);
    byte[] state = Updates.encodeStateAsUpdate(a.doc);
    byte[] diff = Updates.diffUpdate(state, sv);
    byte[] fromDoc = Updates.encodeStateAsUpdate(a.doc, sv);
    assertThat(diff.length).isLessThan(state.length);
    Doc viaDiff = new Doc(8);
    Doc viaDoc = new Doc(9);
    for (byte[] u : all.subList(0, all.size() / 3)) {
      Updates.applyUpdate(viaDiff, u);
      Updates.applyUpdate(viaDoc, u);
    }
    Updates.applyUpdate(viaDiff, diff);
    Updates.applyUpdate(viaDoc, fromDoc);
    assertThat(Updates.encodeStateAsUpdate(viaDiff)).isEqualTo(state);
    assertThat(Updates.encodeStateAsUpdate(viaDoc)).isEqualTo(state);
  }

  @Test
  void diffAgainstTheFullStateLeavesOnlyTheDeleteSet() {
    Doc a = new Doc(1);
    a.getText("t").insert(0, "hello");
    a.getText("t").delete(0, 1);
    a.getMap("m").set("k", Map.of("x", 1));
    byte[] state = Updates.encodeStateAsUpdate(a);
    byte[] diff = Updates.diffUpdate(state, Updates.encodeStateVector(a));
    assertThat(diff).isEqualTo(new byte[] {0, 1, 1, 1, 0, 1});
    assertThat(Updates.encodeStateVectorFromUpdate(state)).isEqualTo(Updates.encodeStateVector(a));
  }

  @Test
  void mergingASingleUpdateReturnsIt() {
    Doc a = new Doc(1);
    a.getText("t").insert(0, "x");
    byte[] state = Updates.encodeStateAsUpdate(a);
    assertThat(Updates.mergeUpdates(List.of(state))).isEqualTo(state);
    assertThat(Updates.mergeUpdates(List.of())).isEqualTo(new byte[] {0, 0});
  }
}
