package dev.atelier.collab.yjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: the pinned yjs reproduces the golden vectors of yjs-wire-notes.md, so a
 * differential failure elsewhere is about the Java side, not the fixture.
 */
class YjsHarnessIntegrationTests {

  private static YjsProcess yjs;

  @BeforeAll
  static void start() {
    yjs = YjsProcess.start();
  }

  @AfterAll
  static void stop() {
    yjs.close();
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static ObjectNode op(String json) {
    try {
      return (ObjectNode) YjsProcess.json().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void pinnedYjsReproducesGoldenTextVectors() {
    yjs.newDoc("g1", 1, true);
    List<byte[]> updates =
        yjs.ops(
            "g1",
            List.of(
                op("{\"t\":\"text.insert\",\"root\":\"text\",\"index\":0,\"text\":\"abc\"}"),
                op("{\"t\":\"text.delete\",\"root\":\"text\",\"index\":1,\"len\":1}")),
            false);
    assertThat(updates).hasSize(2);
    assertThat(hex(updates.get(0))).isEqualTo("0101010004010474657874036162630" + "0");
    assertThat(hex(updates.get(1))).isEqualTo("000101010101");
    assertThat(hex(yjs.stateVector("g1"))).isEqualTo("010103");
    assertThat(hex(yjs.encodeState("g1")))
        .isEqualTo("010301000401047465787401618101000184010101630101010101");
    assertThat(yjs.text("g1", "text")).isEqualTo("ac");
    yjs.destroy("g1");
  }

  @Test
  void pinnedYjsReproducesGoldenMapVector() {
    yjs.newDoc("g2", 300, true);
    List<byte[]> updates =
        yjs.ops(
            "g2",
            List.of(op("{\"t\":\"map.set\",\"root\":\"m\",\"key\":\"k\",\"value\":{\"a\":1}}")),
            false);
    assertThat(hex(updates.get(0))).isEqualTo("0101ac02002801016d016b01760101617d0100");
    assertThat(yjs.json("g2", "map", "m").toString()).isEqualTo("{\"k\":{\"a\":1}}");
    yjs.destroy("g2");
  }

  @Test
  void harnessReportsYjsErrorsWithoutDying() {
    assertThatThrownBy(() -> yjs.apply("nope", new byte[] {0, 0}))
        .isInstanceOf(YjsProcess.YjsException.class)
        .hasMessageContaining("no doc named nope");
    assertThat(yjs.mergeUpdates(List.of(new byte[] {0, 0}))).containsExactly(0, 0);
  }
}
