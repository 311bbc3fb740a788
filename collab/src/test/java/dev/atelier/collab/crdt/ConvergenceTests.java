package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConvergenceTests {

  @Test
  void concurrentInsertsAtTheSamePositionConvergeInClientOrder() {
    Doc a = new Doc(1);
    Doc b = new Doc(2);
    a.getText("t").insert(0, "ac");
    Peers.sync(a, b);
    a.getText("t").insert(1, "A");
    b.getText("t").insert(1, "B");
    Peers.sync(a, b);
    assertThat(a.getText("t").toString()).isEqualTo(b.getText("t").toString());
    // YATA orders concurrent inserts with the same origins by client id: lower id first
    assertThat(a.getText("t").toString()).isEqualTo("aABc");
    assertThat(Updates.encodeStateAsUpdate(a)).isEqualTo(Updates.encodeStateAsUpdate(b));
  }

  @Test
  void concurrentMapSetsPickTheSameWinner() {
    Doc a = new Doc(10);
    Doc b = new Doc(20);
    a.getMap("m").set("k", "from-a");
    b.getMap("m").set("k", "from-b");
    Peers.sync(a, b);
    assertThat(a.getMap("m").get("k")).isEqualTo(b.getMap("m").get("k"));
    assertThat(Updates.encodeStateAsUpdate(a)).isEqualTo(Updates.encodeStateAsUpdate(b));
  }

  @Test
  void nestedTypesRoundTripBetweenDocs() {
    Doc a = new Doc(1);
    YMap root = a.getMap("root");
    YText title = new YText("hello");
    root.set("title", title);
    YArray list = new YArray();
    list.push(List.of(1, "two", Map.of("three", 3)));
    root.set("list", list);
    YMap inner = new YMap();
    inner.set("x", true);
    list.push(List.of(inner));
    title.insert(5, " world");
    Doc b = new Doc(2);
    Peers.sync(a, b);
    YMap rootB = b.getMap("root");
    assertThat(rootB.get("title")).isInstanceOf(YText.class);
    assertThat(rootB.get("title").toString()).isEqualTo("hello world");
    assertThat(rootB.toJson())
        .isEqualTo(
            Map.of(
                "title",
                "hello world",
                "list",
                List.of(1, "two", Map.of("three", 3), Map.of("x", true))));
    ((YText) rootB.get("title")).insert(0, ">");
    Peers.sync(a, b);
    assertThat(title.toString()).isEqualTo(">hello world");
  }

  @Test
  void randomConcurrentEditsOfThreePeersConverge() {
    for (long seed = 1; seed <= 5; seed++) {
      runRandom(seed, 3, 600, true);
    }
  }

  static void runRandom(long seed, int n, int ops, boolean formats) {
    Random rnd = new Random(seed);
    List<Peers.Peer> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      peers.add(new Peers.Peer(100 + i));
    }
    List<List<byte[]>> inbox = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inbox.add(new ArrayList<>());
    }
    for (int op = 0; op < ops; op++) {
      int p = rnd.nextInt(n);
      Peers.Peer peer = peers.get(p);
      randomOp(rnd, peer.doc, formats);
      for (byte[] u : peer.drain()) {
        for (int q = 0; q < n; q++) {
          if (q != p) {
            inbox.get(q).add(u);
            if (rnd.nextInt(10) == 0) {
              inbox.get(q).add(u); // duplicate delivery
            }
          }
        }
      }
      // deliver some pending messages in random order
      int q = rnd.nextInt(n);
      List<byte[]> box = inbox.get(q);
      Collections.shuffle(box, rnd);
      int k = rnd.nextInt(box.size() + 1);
      for (int i = 0; i < k; i++) {
        peers.get(q).apply(box.remove(box.size() - 1));
      }
    }
    // deliver everything, including updates that applying produced (formatting cleanups)
    boolean busy = true;
    while (busy) {
      busy = false;
      for (int q = 0; q < n; q++) {
        List<byte[]> box = inbox.get(q);
        Collections.shuffle(box, rnd);
        for (byte[] u : box) {
          peers.get(q).apply(u);
        }
        busy |= !box.isEmpty();
        box.clear();
      }
      for (int p = 0; p < n; p++) {
        for (byte[] u : peers.get(p).drain()) {
          for (int q = 0; q < n; q++) {
            if (q != p) {
              inbox.get(q).add(u);
            }
          }
        }
      }
    }
    Doc first = peers.get(0).doc;
    for (Peers.Peer peer : peers) {
      assertThat(peer.doc.store.pendingStructs).as("seed %d pending", seed).isNull();
      assertThat(peer.doc.getText("text").toDelta())
          .as("seed %d", seed)
          .isEqualTo(first.getText("text").toDelta());
      assertThat(peer.doc.getMap("map").toJson()).isEqualTo(first.getMap("map").toJson());
      assertThat(peer.doc.getArray("array").toJson()).isEqualTo(first.getArray("array").toJson());
      assertThat(Updates.encodeStateAsUpdate(peer.doc))
          .as("seed %d encoded state", seed)
          .isEqualTo(Updates.encodeStateAsUpdate(first));
    }
  }

  /**
   * Random edit at code point boundaries: splitting a surrogate pair turns both halves into U+FFFD
   * on the splitting peer only (as in Yjs), which is not a convergence property.
   */
  static void randomOp(Random rnd, Doc doc, boolean formats) {
    YText text = doc.getText("text");
    YMap map = doc.getMap("map");
    YArray array = doc.getArray("array");
    String current = text.toString();
    int kind = rnd.nextInt(10);
    if (kind < 4) {
      String s =
          rnd.nextInt(8) == 0 ? "\uD83D\uDE00" : String.valueOf((char) ('a' + rnd.nextInt(26)));
      if (rnd.nextInt(4) == 0) {
        s = s + s + "xy";
      }
      text.insert(boundary(current, rnd.nextInt(current.length() + 1)), s);
    } else if (kind < 7 && !current.isEmpty() && (kind < 6 || formats)) {
      int at = boundary(current, rnd.nextInt(current.length()));
      int end = boundary(current, Math.min(current.length(), at + 1 + rnd.nextInt(4)));
      if (end <= at) {
        end = Math.min(current.length(), at + 2);
      }
      if (kind < 6) {
        text.delete(at, end - at);
      } else {
        text.format(at, end - at, Map.of("bold", rnd.nextBoolean()));
      }
    } else if (kind < 8) {
      map.set("k" + rnd.nextInt(4), rnd.nextInt(100));
    } else if (kind < 9) {
      array.insert(rnd.nextInt(array.length() + 1), List.of(rnd.nextInt(10), "x"));
    } else if (array.length() > 0) {
      array.delete(rnd.nextInt(array.length()), 1);
    }
  }

  private static int boundary(String s, int index) {
    if (index > 0
        && index < s.length()
        && Character.isHighSurrogate(s.charAt(index - 1))
        && Character.isLowSurrogate(s.charAt(index))) {
      return index - 1;
    }
    return index;
  }
}
