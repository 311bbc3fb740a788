package dev.atelier.collab.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real-world editing traces of src/test/resources/editing-traces replayed on Java docs.
 * automerge-paper, the largest, is replayed once, in {@link TraceInteropIntegrationTests}, which
 * checks its end content and its bytes against yjs.
 */
class TraceReplayTests {

  @ParameterizedTest
  @ValueSource(strings = {"sveltecomponent", "rustcode"})
  void sequentialTraceReplaysToItsEndContent(String name) {
    EditingTrace trace = EditingTrace.load(name);
    Doc doc = new Doc(1);
    TraceReplay.replayLocal(doc, trace);
    assertThat(doc.getText("text").toString()).isEqualTo(trace.endContent());

    byte[] state = Updates.encodeStateAsUpdate(doc);
    Doc loaded = new Doc(2);
    Updates.applyUpdate(loaded, state);
    assertThat(loaded.getText("text").toString()).isEqualTo(trace.endContent());
    assertThat(Updates.encodeStateAsUpdate(loaded)).isEqualTo(state);
  }

  @Test
  void concurrentTraceConvergesThroughTwoDocsExchangingUpdates() {
    EditingTrace trace = EditingTrace.load("friendsforever");
    Doc a = new Doc(1);
    Doc b = new Doc(2);
    TraceReplay.replayConcurrent(
        trace, List.of(new TraceReplay.JavaReplica(a), new TraceReplay.JavaReplica(b)));
    assertThat(a.getText("text").toString()).isEqualTo(trace.endContent());
    assertThat(b.getText("text").toString()).isEqualTo(trace.endContent());
    assertThat(Updates.encodeStateAsUpdate(a)).isEqualTo(Updates.encodeStateAsUpdate(b));
  }
}
