package dev.atelier.collab.crdt;

import static dev.atelier.collab.crdt.GoldenVectorTests.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Formatting, embeds and deltas; expected bytes and deltas generated with yjs 13.6.33. */
class TextFormattingTests {

  private static Map<String, Object> attrs(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static List<Map<String, Object>> json(List<Delta> delta) {
    return delta.stream().map(Delta::toJson).toList();
  }

  @Test
  void formattingScenarioOneMatchesYjs() {
    Doc d = new Doc(7);
    YText t = d.getText("t");
    t.insert(0, "hello world");
    t.format(0, 5, attrs("bold", true));
    t.insert(5, "!");
    t.insert(2, "X", attrs("italic", true));
    t.format(3, 4, attrs("bold", null));
    t.delete(1, 3);
    assertThat(json(t.toDelta()))
        .isEqualTo(
            List.of(
                Map.of("insert", "h", "attributes", Map.of("bold", true)),
                Map.of("insert", "lo! world")));
    assertThat(hex(Updates.encodeStateAsUpdate(d)))
        .isEqualTo(
            "010b07000401017401688107000181070101840702026c6f8407040620776f726c6446070004626f6c"
                + "640474727565c10704070501c40704070c0121c10701070201c6070e070204626f6c64046e756c6c"
                + "c1070f07020301070401020c010e011003");
  }

  @Test
  void formattingScenarioTwoMatchesYjsIncludingQuillNewlines() {
    Doc d = new Doc(7);
    YText t = d.getText("t");
    t.insert(0, "abc", attrs("color", "red"));
    t.insert(3, "def");
    t.format(1, 4, attrs("color", "blue", "size", 2));
    t.insert(0, "Z");
    t.delete(2, 2);
    t.format(0, 10, attrs("color", null));
    assertThat(t.toString()).isEqualTo("Zadef\n\n\n\n\n");
    assertThat(hex(Updates.encodeStateAsUpdate(d)))
        .isEqualTo(
            "010c0700010101740184070001618107010281070301c407030704026465c4070607040166c10701"
                + "070201c6070807020473697a650132c10706070701c6070a07070473697a65046e756c6c440700"
                + "015a840704050a0a0a0a0a0107040001020308010a01");
  }

  @Test
  void embedsCarryAttributesAndMatchYjs() {
    Doc d = new Doc(7);
    YText t = d.getText("t");
    t.insert(0, "ab");
    t.insertEmbed(1, Map.of("image", "x.png"), attrs("width", 3));
    t.format(0, 3, attrs("link", Map.of("href", "u")));
    t.delete(0, 1);
    assertThat(json(t.toDelta()))
        .isEqualTo(
            List.of(
                Map.of(
                    "insert", Map.of("image", "x.png"),
                    "attributes", Map.of("link", Map.of("href", "u"), "width", 3)),
                Map.of("insert", "b", "attributes", Map.of("link", Map.of("href", "u")))));
    assertThat(hex(Updates.encodeStateAsUpdate(d)))
        .isEqualTo(
            "0107070001010174018407000162c6070007010577696474680133c507020701117b22696d61676522"
                + "3a22782e706e67227dc607030701057769647468046e756c6c460700046c696e6b0c7b2268726566"
                + "223a2275227d860701046c696e6b046e756c6c0107010001");
  }

  @Test
  void formattedTextSurvivesARoundTrip() {
    Doc a = new Doc(1);
    YText t = a.getText("t");
    t.insert(0, "rich text");
    t.format(0, 4, attrs("bold", true));
    Doc b = new Doc(2);
    Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a));
    assertThat(b.getText("t").toDelta()).isEqualTo(t.toDelta());
  }

  @Test
  void formattingOneDocumentLeavesNoTraceInAnother() {
    Doc a = new Doc(1);
    YText ta = a.getText("t");
    ta.insert(0, "abcdef");
    ta.format(0, 3, attrs("bold", true));
    ta.format(2, 3, attrs("bold", false, "italic", true));
    Doc b = new Doc(2);
    YText tb = b.getText("t");
    tb.insert(0, "x");
    tb.insert(1, "y");
    tb.delete(0, 1);
    assertThat(tb.toDelta()).containsExactly(Delta.insert("y", null));
    assertThat(tb.markers).as("plain text keeps its position cache").isNotNull();
  }
}
