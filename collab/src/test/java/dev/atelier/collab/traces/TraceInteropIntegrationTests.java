package dev.atelier.collab.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.yjs.Ops;
import dev.atelier.collab.yjs.YjsProcess;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The editing traces on Java and on yjs: same bytes, and a concurrent replay across both. */
class TraceInteropIntegrationTests {

  private static YjsProcess js;

  @BeforeAll
  static void start() {
    js = YjsProcess.start();
  }

  @AfterAll
  static void stop() {
    js.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"automerge-paper", "sveltecomponent", "rustcode"})
  void sequentialTraceEncodesToTheSameBytesAsYjs(String name) {
    // A client id that takes 5 bytes as a varUint, like almost every random 32-bit yjs id.
    long client = 0x9abcdef0L;
    EditingTrace trace = EditingTrace.load(name);
    Doc doc = new Doc(client);
    TraceReplay.replayLocal(doc, trace);
    assertThat(doc.getText("text").toString()).isEqualTo(trace.endContent());
    js.newDoc("trace-" + name, client, true);
    assertThat(js.replayTrace("trace-" + name, EditingTrace.path(name))).isTrue();
    byte[] java = Updates.encodeStateAsUpdate(doc);
    byte[] yjs = js.encodeState("trace-" + name);
    assertThat(java.length).isEqualTo(yjs.length);
    assertThat(HexFormat.of().formatHex(java)).isEqualTo(HexFormat.of().formatHex(yjs));
    assertThat(Updates.encodeStateVector(doc)).isEqualTo(js.stateVector("trace-" + name));
    if (name.equals("automerge-paper")) {
      // The size the trace README records for yjs 13.6 (gc on).
      assertThat(java).hasSize(311_038);
    }
    js.destroy("trace-" + name);
  }

  @Test
  void concurrentTraceConvergesBetweenAJavaAndAYjsReplica() {
    EditingTrace trace = EditingTrace.load("friendsforever");
    Doc java = new Doc(11);
    js.newDoc("ff", 22, true);
    TraceReplay.Replica yjs =
        new TraceReplay.Replica() {
          @Override
          public byte[] run(List<byte[]> missing, EditingTrace.Txn txn) {
            var steps = YjsProcess.json().createArrayNode();
            missing.forEach(
                u -> steps.addObject().put("apply", Base64.getEncoder().encodeToString(u)));
            var ops = steps.addObject().putArray("ops");
            for (EditingTrace.Patch p : txn.patches()) {
              if (p.delete() > 0) {
                ops.add(Ops.textDelete("text", p.pos(), p.delete()));
              }
              if (!p.insert().isEmpty()) {
                ops.add(Ops.textInsert("text", p.pos(), p.insert()));
              }
            }
            List<byte[]> out = js.batch("ff", steps);
            return out.isEmpty() ? null : out.get(out.size() - 1);
          }

          @Override
          public void deliver(List<byte[]> updates) {
            updates.forEach(u -> js.apply("ff", u));
          }
        };
    List<TraceReplay.Replica> replicas = new ArrayList<>();
    replicas.add(new TraceReplay.JavaReplica(java));
    replicas.add(yjs);
    TraceReplay.replayConcurrent(trace, replicas);
    assertThat(java.getText("text").toString()).isEqualTo(trace.endContent());
    assertThat(js.text("ff", "text")).isEqualTo(trace.endContent());
    assertThat(Updates.encodeStateAsUpdate(java)).isEqualTo(js.encodeState("ff"));
  }
}
