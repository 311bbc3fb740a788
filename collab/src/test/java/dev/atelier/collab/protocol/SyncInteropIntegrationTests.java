package dev.atelier.collab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.yjs.Ops;
import dev.atelier.collab.yjs.YjsProcess;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java {@link SyncProtocol} against y-protocols' sync.js on the real yjs. */
class SyncInteropIntegrationTests {

  private static YjsProcess js;

  @BeforeAll
  static void start() {
    js = YjsProcess.start();
  }

  @AfterAll
  static void stop() {
    js.close();
  }

  @Test
  void javaAndYProtocolsCompleteAHandshake() {
    Doc java = new Doc(101);
    java.getText("t").insert(0, "from java ");
    js.newDoc("sync1", 202, true);
    js.ops("sync1", List.of(Ops.textInsert("t", 0, "from yjs")), false);

    // yjs -> java step 1, java answers step 2, yjs applies it (no reply).
    SyncMessage jsStep1 = SyncMessage.decode(js.syncStep1("sync1"));
    SyncMessage javaStep2 = SyncProtocol.handle(java, jsStep1, "js").orElseThrow();
    assertThat(js.syncMessage("sync1", javaStep2.encode())).isNull();

    // java -> yjs step 1, y-protocols answers step 2, java applies it.
    byte[] reply = js.syncMessage("sync1", SyncProtocol.step1(java).encode());
    SyncMessage jsStep2 = SyncMessage.decode(reply);
    assertThat(jsStep2.type()).isEqualTo(SyncMessage.Type.STEP2);
    assertThat(SyncProtocol.handle(java, jsStep2, "js")).isEmpty();

    assertThat(java.getText("t").toString()).isEqualTo(js.text("sync1", "t"));
    assertThat(Updates.encodeStateAsUpdate(java)).isEqualTo(js.encodeState("sync1"));
  }

  @Test
  void updateMessagesFlowBothWays() {
    Doc java = new Doc(303);
    js.newDoc("sync2", 404, true);
    java.onUpdate(
        (u, origin) -> {
          if (origin != "js") {
            js.syncMessage("sync2", SyncProtocol.update(u).encode());
          }
        });
    java.getMap("m").set("a", 1L);
    for (byte[] u : js.ops("sync2", List.of(Ops.mapSet("m", "b", "two")), false)) {
      SyncProtocol.handle(java, SyncMessage.decode(SyncMessage.update(u).encode()), "js");
    }
    assertThat(js.json("sync2", "map", "m").toString()).isEqualTo("{\"a\":1,\"b\":\"two\"}");
    assertThat(java.getMap("m").get("b")).isEqualTo("two");
  }
}
