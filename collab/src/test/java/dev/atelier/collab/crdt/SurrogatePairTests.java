package dev.atelier.collab.crdt;

import static dev.atelier.collab.crdt.GoldenVectorTests.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lengths count UTF-16 units; a split inside a surrogate pair yields two U+FFFD (as Yjs). */
class SurrogatePairTests {

  @Test
  void lengthsCountUtf16UnitsAndWholePairsSurvive() {
    Doc a = new Doc(1);
    YText t = a.getText("t");
    t.insert(0, "x\uD83D\uDE00y");
    assertThat(t.length()).isEqualTo(4);
    t.insert(3, "\uD835\uDD4F");
    assertThat(t.toString()).isEqualTo("x\uD83D\uDE00\uD835\uDD4Fy");
    Doc b = new Doc(2);
    Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a));
    assertThat(b.getText("t").toString()).isEqualTo(t.toString());
    assertThat(b.getText("t").length()).isEqualTo(6);
  }

  @Test
  void deletingHalfOfAPairLeavesReplacementCharacterLikeYjs() {
    Doc a = new Doc(1);
    YText t = a.getText("t");
    t.insert(0, "a\uD83D\uDE00b");
    t.delete(2, 1);
    assertThat(t.toString()).isEqualTo("a\uFFFDb");
    assertThat(t.length()).isEqualTo(3);
    // bytes generated with yjs 13.6.33 for the same operations
    assertThat(hex(Updates.encodeStateAsUpdate(a)))
        .isEqualTo("01030100040101740461efbfbd8101010184010201620101010201");
  }

  @Test
  void insertingInsideAPairReplacesBothHalvesLikeYjs() {
    Doc a = new Doc(3);
    YText t = a.getText("t");
    t.insert(0, "\uD83D\uDE00\uD83D\uDE00");
    t.insert(1, "Z");
    assertThat(t.toString()).isEqualTo("\uFFFDZ\uFFFD\uD83D\uDE00");
    assertThat(hex(Updates.encodeStateAsUpdate(a)))
        .isEqualTo("010303000401017403efbfbd84030007efbfbdf09f9880c403000301015a00");
    Doc b = new Doc(4);
    Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a));
    assertThat(b.getText("t").toString()).isEqualTo(t.toString());
  }
}
