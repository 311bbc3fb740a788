package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Byte-exact vectors generated with yjs 13.6.33 (see yjs-wire-notes.md). */
class GoldenVectorTests {

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  @Test
  void insertAbcThenDeleteProducesYjsBytes() throws Exception {
    Doc doc = new Doc(1);
    List<byte[]> updates = new ArrayList<>();
    try (AutoCloseable l = doc.onUpdate((u, o) -> updates.add(u))) {
      doc.getText("text").insert(0, "abc");
      doc.getText("text").delete(1, 1);
    }
    assertThat(hex(updates.get(0))).isEqualTo("010101000401047465787403616263" + "00");
    assertThat(hex(updates.get(1))).isEqualTo("000101010101");
    assertThat(hex(Updates.encodeStateVector(doc))).isEqualTo("010103");
    assertThat(hex(Updates.encodeStateAsUpdate(doc)))
        .isEqualTo("01030100040104746578740161810100018401010163" + "0101010101");
    assertThat(doc.getText("text").toString()).isEqualTo("ac");
  }

  @Test
  void mapSetByClient300ProducesYjsBytes() throws Exception {
    Doc doc = new Doc(300);
    List<byte[]> updates = new ArrayList<>();
    try (AutoCloseable l = doc.onUpdate((u, o) -> updates.add(u))) {
      doc.getMap("m").set("k", Map.of("a", 1));
    }
    assertThat(hex(updates.get(0))).isEqualTo("0101ac02002801016d016b0176010161" + "7d0100");
  }

  @Test
  void goldenUpdatesDecodeToTheSameContent() {
    Doc doc = new Doc(7);
    Updates.applyUpdate(doc, bytes("01030100040104746578740161810100018401010163 0101010101"));
    assertThat(doc.getText("text").toString()).isEqualTo("ac");
    assertThat(hex(Updates.encodeStateAsUpdate(doc)))
        .isEqualTo("01030100040104746578740161810100018401010163" + "0101010101");
    Doc m = new Doc(8);
    Updates.applyUpdate(m, bytes("0101ac02002801016d016b01760101617d0100"));
    assertThat(m.getMap("m").toJson()).isEqualTo(Map.of("k", Map.of("a", 1)));
  }

  @Test
  void emptyDocumentEncodesAsTwoZeros() {
    Doc doc = new Doc(5);
    assertThat(hex(Updates.encodeStateAsUpdate(doc))).isEqualTo("0000");
    assertThat(hex(Updates.encodeStateVector(doc))).isEqualTo("00");
  }
}
