package dev.atelier.collab.crdt;

import static dev.atelier.collab.crdt.GoldenVectorTests.bytes;
import static dev.atelier.collab.crdt.GoldenVectorTests.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.collab.encoding.Undefined;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every content kind a browser may send round-trips unchanged: XML types (element, text with
 * formatting, hook), subdocuments, binary, numbers of each encoding, bigint, undefined, nested
 * JSON, deleted content. The update was produced by yjs 13.6.33.
 */
class ContentKindsTests {

  private static final String YJS_UPDATE =
      "0112090007010b70726f73656d6972726f7203097061726167726170680700090006040009010268698409"
          + "030620746865726546090204626f6c640474727565c60903090404626f6c64046e756c6c2800090005"
          + "616c69676e0177046c65667487090005076d656e74696f6e2800090d0475736572017703626f622301"
          + "016d0362696e030102032901016d03737562087375622d677569647602086175746f4c6f616478046d"
          + "657461760101617d012801016d03626967017c538000002801016d036e6567017cc14800002801016d"
          + "06626967696e74017a00000000000000052801016d05756e646566017f08010161017d018109150188"
          + "0916037e787601017875027d01760101797d020109011601";

  @Test
  void browserUpdateWithAllContentKindsRoundTripsByteForByte() {
    Doc doc = new Doc(1);
    Updates.applyUpdate(doc, bytes(YJS_UPDATE));
    assertThat(hex(Updates.encodeStateAsUpdate(doc))).isEqualTo(YJS_UPDATE);

    YXmlFragment frag = doc.getXmlFragment("prosemirror");
    assertThat(frag.children()).hasSize(2);
    YXmlElement p = (YXmlElement) frag.children().get(0);
    assertThat(p.nodeName()).isEqualTo("paragraph");
    assertThat(p.attributes()).isEqualTo(Map.of("align", "left"));
    YXmlText text = (YXmlText) p.children().get(0);
    assertThat(text.toString()).isEqualTo("hi there");
    assertThat(text.toDelta().get(0).attributes()).isEqualTo(Map.of("bold", true));
    YXmlHook hook = (YXmlHook) frag.children().get(1);
    assertThat(hook.hookName()).isEqualTo("mention");
    assertThat(hook.get("user")).isEqualTo("bob");

    YMap m = doc.getMap("m");
    assertThat((byte[]) m.get("bin")).containsExactly(1, 2, 3);
    assertThat(m.get("sub"))
        .isEqualTo(Map.of("guid", "sub-guid", "autoLoad", true, "meta", Map.of("a", 1)));
    assertThat(m.get("big")).isEqualTo(Math.pow(2, 40));
    assertThat(m.get("neg")).isEqualTo(-12.5);
    assertThat(m.get("bigint")).isEqualTo(BigInteger.valueOf(5));
    assertThat(m.get("undef")).isEqualTo(Undefined.INSTANCE);
    assertThat(doc.getArray("a").toJson())
        .isEqualTo(Arrays.asList(1, null, true, Map.of("x", List.of(1, Map.of("y", 2)))));
  }

  @Test
  void legacyJsonContentIsReadAndWrittenBack() {
    // client 4 inserted [{"a":1}, undefined] as ContentJSON (ref 2) into array "a"
    String update = "0101040002010161" + "02" + "077b2261223a317d" + "09756e646566696e6564" + "00";
    Doc doc = new Doc(1);
    Updates.applyUpdate(doc, bytes(update));
    assertThat(doc.getArray("a").toList()).containsExactly(Map.of("a", 1), Undefined.INSTANCE);
    assertThat(hex(Updates.encodeStateAsUpdate(doc))).isEqualTo(update);
  }

  @Test
  void deletedContentFromAnUpdateStaysDeleted() {
    // client 4: ContentDeleted of length 3 in text "t", then "ab"
    String update = "010204000101017403" + "840402" + "026162" + "00";
    Doc doc = new Doc(1);
    Updates.applyUpdate(doc, bytes(update));
    assertThat(doc.getText("t").toString()).isEqualTo("ab");
    Doc copy = new Doc(2);
    Updates.applyUpdate(copy, Updates.encodeStateAsUpdate(doc));
    assertThat(copy.getText("t").toString()).isEqualTo("ab");
    assertThat(Updates.encodeStateAsUpdate(copy)).isEqualTo(Updates.encodeStateAsUpdate(doc));
  }
}
