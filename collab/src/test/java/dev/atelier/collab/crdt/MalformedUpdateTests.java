package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: truncated, corrupted or oversized updates raise CollabException quickly and leave
 * the document exactly as it was.
 */
class MalformedUpdateTests {

  private static Doc sampleTarget() {
    Doc doc = new Doc(50);
    doc.getText("text").insert(0, "existing text");
    doc.getMap("map").set("a", 1);
    return doc;
  }

  private static byte[] sampleUpdate() {
    Doc doc = new Doc(7);
    YText t = doc.getText("text");
    t.insert(0, "hello \uD83D\uDE00 world");
    t.format(0, 5, Map.of("bold", true));
    t.delete(3, 4);
    YMap m = doc.getMap("map");
    m.set("k", Map.of("nested", List.of(1, 2.5, "s", true)));
    m.set("bin", new byte[] {1, 2, 3});
    YArray arr = new YArray();
    arr.push(List.of("x", new YText("inner")));
    m.set("arr", arr);
    return Updates.encodeStateAsUpdate(doc);
  }

  private record Snapshot(byte[] state, byte[] sv, String text, Object map) {
    static Snapshot of(Doc d) {
      return new Snapshot(
          Updates.encodeStateAsUpdate(d),
          Updates.encodeStateVector(d),
          d.getText("text").toString(),
          d.getMap("map").toJson());
    }

    void assertSame(Doc d) {
      Snapshot now = of(d);
      assertThat(now.state).isEqualTo(state);
      assertThat(now.sv).isEqualTo(sv);
      assertThat(now.text).isEqualTo(text);
      assertThat(now.map).isEqualTo(map);
    }
  }

  @Test
  void everyTruncationIsRejectedAndLeavesTheDocumentUnchanged() {
    byte[] update = sampleUpdate();
    Doc doc = sampleTarget();
    Snapshot before = Snapshot.of(doc);
    for (int n = 0; n < update.length; n++) {
      byte[] prefix = Arrays.copyOf(update, n);
      try {
        Updates.applyUpdate(doc, prefix);
        fail("prefix of length %d was accepted", n);
      } catch (CollabException e) {
        assertThat(e.code())
            .isIn(ErrorCode.TRUNCATED, ErrorCode.MALFORMED, ErrorCode.LIMIT_EXCEEDED);
      }
      before.assertSame(doc);
    }
    Updates.applyUpdate(doc, update);
    assertThat(doc.getText("text").toString()).contains("existing text");
  }

  @Test
  void randomCorruptionNeverBreaksTheDocument() {
    byte[] update = sampleUpdate();
    Random rnd = new Random(42);
    for (int round = 0; round < 3000; round++) {
      byte[] bad = update.clone();
      int flips = 1 + rnd.nextInt(3);
      for (int i = 0; i < flips; i++) {
        bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
      }
      Doc doc = sampleTarget();
      Snapshot before = Snapshot.of(doc);
      try {
        Updates.applyUpdate(doc, bad);
      } catch (CollabException e) {
        before.assertSame(doc);
        continue;
      }
      // accepted (still well-formed): the document must stay usable and encodable
      byte[] state = Updates.encodeStateAsUpdate(doc);
      Doc copy = new Doc(99);
      Updates.applyUpdate(copy, state);
      doc.getText("text").insert(0, "still works");
      Updates.applyUpdate(copy, Updates.encodeStateAsUpdate(doc));
    }
  }

  @Test
  void hugeDeclaredCountsAndLengthsFailFastWithoutAllocating() {
    String[] hostile = {
      "ffffffff0f", // 2^32 clients
      "01ffffffff0f0100", // 2^32 structs
      "0101010004ffffffff0f", // GC of absurd length (then truncated)
      "01010100040104746578740400", // string content with declared length 0... then missing
      "010101000401047465787404ffffffffffffff0f", // string length 2^53-1
      "01010100080104746578740affffffffffffff0f", // any content with 2^53-1 entries
      "00ffffffffffffff0f", // delete set with 2^53-1 clients
      "000101ffffffff0f", // delete set with 2^32 ranges
      "ffffffffffffffff7f", // varint above 2^53
    };
    for (String h : hostile) {
      Doc doc = sampleTarget();
      Snapshot before = Snapshot.of(doc);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> Updates.applyUpdate(doc, HexFormat.of().parseHex(h)))
          .as(h)
          .isInstanceOf(CollabException.class);
      assertThat(System.nanoTime() - t0).as(h).isLessThan(1_000_000_000L);
      before.assertSame(doc);
    }
  }

  @Test
  void referencesToLaterClocksOfTheSameClientAreRejected() {
    // client 1, one item at clock 0 whose origin is (1, 5): impossible in a real document
    byte[] bad = HexFormat.of().parseHex("01010100840105017800");
    Doc doc = sampleTarget();
    assertThatThrownBy(() -> Updates.applyUpdate(doc, bad))
        .isInstanceOfSatisfying(
            CollabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
  }

  @Test
  void documentFreeFunctionsRejectBadInputToo() {
    byte[] update = sampleUpdate();
    byte[] cut = Arrays.copyOf(update, update.length / 2);
    assertThatThrownBy(() -> Updates.mergeUpdates(List.of(update, cut)))
        .isInstanceOf(CollabException.class);
    assertThatThrownBy(() -> Updates.diffUpdate(cut, new byte[] {0}))
        .isInstanceOf(CollabException.class);
    assertThatThrownBy(() -> Updates.diffUpdate(update, new byte[] {5, 1}))
        .isInstanceOf(CollabException.class);
    assertThatThrownBy(() -> Updates.encodeStateVectorFromUpdate(cut))
        .isInstanceOf(CollabException.class);
  }
}
