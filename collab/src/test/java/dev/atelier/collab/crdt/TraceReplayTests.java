package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replays the sequential editing traces as local edits (one transaction per trace transaction) and
 * checks the text and the encoded state against Yjs 13.6.33: same size, same SHA-256. The client id
 * 2^31 has a 5-byte varint like Yjs's random 32-bit ids, which is what gives the published 311,038
 * bytes for automerge-paper.
 */
class TraceReplayTests {

  private static final long CLIENT = 2147483648L;

  @ParameterizedTest
  @CsvSource({
    "automerge-paper, 311038, cd5b561f0059de3272a3222a570a85dbb35848a7853af1feb847095e8d23d3b0",
    "sveltecomponent, 98063, ab0fbe7b3fe65a726418a7d10a4f23fa5a507e19d086909babf0ff5691327e90",
    "rustcode, 247863, 39529adbe0a75f2a5834aa2ec17e59e8f1f93c0112efb79a1a9fd2b34f56cccc"
  })
  void replayMatchesEndContentAndYjsBytes(String name, int yjsBytes, String yjsSha256)
      throws Exception {
    EditingTrace trace = EditingTrace.load(name);
    Doc doc = new Doc(CLIENT);
    YText text = doc.getText("text");
    long t0 = System.nanoTime();
    trace.replay(doc, text);
    long t1 = System.nanoTime();
    assertThat(text.toString()).isEqualTo(trace.endContent());
    byte[] state = Updates.encodeStateAsUpdate(doc);
    Doc loaded = new Doc(2);
    long t2 = System.nanoTime();
    Updates.applyUpdate(loaded, state);
    long t3 = System.nanoTime();
    System.out.printf(
        "%s: replay %d ms, load %d ms, %d bytes%n",
        name, (t1 - t0) / 1_000_000, (t3 - t2) / 1_000_000, state.length);
    assertThat(state.length).isEqualTo(yjsBytes);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state));
    assertThat(sha).isEqualTo(yjsSha256);
    assertThat(loaded.getText("text").toString()).isEqualTo(trace.endContent());
    assertThat(Updates.encodeStateAsUpdate(loaded)).isEqualTo(state);
  }
}
