package dev.atelier.collab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.yjs.OpApplier;
import dev.atelier.collab.yjs.YjsProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The document-free update functions on random inputs, Java vs yjs byte for byte: {@code
 * mergeUpdates} of random subsets in random order (gaps included, which yields Skip structs and
 * merged delete sets), {@code encodeStateVectorFromUpdate} of the results, and {@code diffUpdate}
 * of a merged log against the state vectors peers had along the way.
 */
class UpdateFunctionsFuzzIntegrationTests {

  private static YjsProcess js;

  @BeforeAll
  static void start() {
    js = YjsProcess.start();
  }

  @AfterAll
  static void stop() {
    js.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void mergeDiffAndStateVectorsMatchYjs(long seed) {
    Random rnd = new Random(seed);
    List<Doc> docs = new ArrayList<>();
    List<byte[]> log = new ArrayList<>();
    List<byte[]> stateVectors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Doc d = new Doc(100 + i * 1_000_003L);
      d.onUpdate(
          (u, origin) -> {
            if (origin != "remote") {
              log.add(u);
            }
          });
      docs.add(d);
    }
    RandomOps gen = new RandomOps(rnd);
    int delivered = 0;
    for (int step = 0; step < 600; step++) {
      Doc d = docs.get(rnd.nextInt(docs.size()));
      ObjectNode op = gen.next();
      d.transact(() -> OpApplier.apply(d, op), "local");
      // Sync everyone now and then, so later edits depend on others' structs.
      if (rnd.nextInt(10) == 0) {
        // Applying can append formatting-cleanup updates to the log: deliver until quiet.
        while (delivered < log.size()) {
          List<byte[]> batch = new ArrayList<>(log.subList(delivered, log.size()));
          delivered = log.size();
          for (Doc other : docs) {
            batch.forEach(u -> Updates.applyUpdate(other, u, "remote"));
          }
        }
        stateVectors.add(Updates.encodeStateVector(docs.get(rnd.nextInt(docs.size()))));
      }
    }
    stateVectors.add(new byte[] {0});
    String label = "seed " + seed;
    for (int round = 0; round < 40; round++) {
      List<byte[]> subset = new ArrayList<>();
      for (byte[] u : log) {
        if (rnd.nextInt(100) < 40) {
          subset.add(u);
        }
      }
      Collections.shuffle(subset, rnd);
      byte[] merged = Updates.mergeUpdates(subset);
      assertThat(hex(merged))
          .as("mergeUpdates, %s round %d", label, round)
          .isEqualTo(hex(js.mergeUpdates(subset)));
      assertThat(hex(Updates.encodeStateVectorFromUpdate(merged)))
          .as("encodeStateVectorFromUpdate, %s round %d", label, round)
          .isEqualTo(hex(js.encodeStateVectorFromUpdate(merged)));
      byte[] sv = stateVectors.get(rnd.nextInt(stateVectors.size()));
      assertThat(hex(Updates.diffUpdate(merged, sv)))
          .as("diffUpdate, %s round %d", label, round)
          .isEqualTo(hex(js.diffUpdate(merged, sv)));
    }
    byte[] all = Updates.mergeUpdates(log);
    assertThat(hex(all)).isEqualTo(hex(js.mergeUpdates(log)));
    // The whole log, merged, rebuilds the same document as applying it update by update.
    Doc fromMerged = new Doc(1);
    Updates.applyUpdate(fromMerged, all);
    Doc fromLog = new Doc(2);
    log.forEach(u -> Updates.applyUpdate(fromLog, u));
    assertThat(fromMerged.getText("text").toString()).isEqualTo(fromLog.getText("text").toString());
    assertThat(Updates.encodeStateAsUpdate(fromMerged))
        .isEqualTo(Updates.encodeStateAsUpdate(fromLog));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
