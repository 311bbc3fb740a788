package dev.atelier.collab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.collab.yjs.YjsProcess;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Java {@link Awareness} against y-protocols' Awareness (pinned in src/test/js). */
class AwarenessInteropIntegrationTests {

  private static YjsProcess js;
  private final AtomicLong now = new AtomicLong(5_000);

  @BeforeAll
  static void start() {
    js = YjsProcess.start();
  }

  @AfterAll
  static void stop() {
    js.close();
  }

  private Awareness java(long client) {
    return new Awareness(client, now::get, ProtocolLimits.DEFAULTS);
  }

  @Test
  void jsStatesReachJavaAndBack() throws Exception {
    js.awarenessNew("js1", 11);
    js.awarenessSet(
        "js1", "{\"user\":{\"name\":\"Zoë 😀\",\"color\":\"#ff0\"},\"cursor\":[1,2.5]}");
    Awareness j = java(22);
    j.applyUpdate(js.awarenessEncode("js1", null), "js");
    JsonNode expected =
        YjsProcess.json()
            .readTree("{\"user\":{\"name\":\"Zoë 😀\",\"color\":\"#ff0\"},\"cursor\":[1,2.5]}");
    assertThat(YjsProcess.json().readTree(j.states().get(11L))).isEqualTo(expected);
    assertThat(j.clock(11)).hasValue(1);

    j.setLocalState("{\"user\":{\"name\":\"Java\"}}");
    js.awarenessApply("js1", j.encodeUpdate(List.of(22L)));
    JsonNode seen = js.awarenessStates("js1");
    assertThat(seen.path("states").path("22").path("user").path("name").asText()).isEqualTo("Java");
    assertThat(seen.path("clocks").path("22").asLong()).isEqualTo(1);
    assertThat(js.awarenessEvents("js1").toString()).contains("\"added\":[22]");
  }

  @Test
  void removalsTravelBothWays() {
    js.awarenessNew("js2", 31);
    js.awarenessSet("js2", "{\"a\":1}");
    Awareness j = java(32);
    j.setLocalState("{\"b\":2}");
    j.applyUpdate(js.awarenessEncode("js2", null), "js");
    js.awarenessApply("js2", j.encodeFullUpdate());

    js.awarenessSet("js2", "null");
    j.applyUpdate(js.awarenessEncode("js2", List.of(31L)), "js");
    assertThat(j.states()).containsOnlyKeys(32L);

    j.setLocalState(null);
    js.awarenessApply("js2", j.encodeUpdate(List.of(32L)));
    assertThat(js.awarenessStates("js2").path("states").has("32")).isFalse();
  }

  @Test
  void yProtocolsReannouncesWhenJavaNullsItsState() {
    js.awarenessNew("js3", 41);
    js.awarenessSet("js3", "{\"alive\":true}");
    Awareness j = java(42);
    j.applyUpdate(js.awarenessEncode("js3", null), "js");
    long clock = j.clock(41).orElseThrow();
    // Java believes 41 left (e.g. its connection closed) and says so with the same clock.
    j.removeStates(List.of(41L), "closed");
    js.awarenessEvents("js3");
    js.awarenessApply("js3", j.encodeUpdate(List.of(41L)));
    JsonNode after = js.awarenessStates("js3");
    assertThat(after.path("states").path("41").path("alive").asBoolean()).isTrue();
    assertThat(after.path("clocks").path("41").asLong()).isEqualTo(clock + 1);
    // The re-announcement brings the state back on the Java side.
    j.applyUpdate(js.awarenessEncode("js3", List.of(41L)), "js");
    assertThat(j.states()).containsKey(41L);
  }

  @Test
  void javaReannouncesWhenYProtocolsNullsItsState() {
    Awareness j = java(52);
    j.setLocalState("{\"me\":1}");
    js.awarenessNew("js4", 51);
    js.awarenessApply("js4", j.encodeUpdate(List.of(52L)));
    // y-protocols' removeAwarenessStates for a foreign client encodes it as null with its clock.
    byte[] nulled =
        AwarenessEntry.encodeUpdate(
            List.of(new AwarenessEntry(52, j.clock(52).orElseThrow(), null)));
    js.awarenessApply("js4", nulled);
    assertThat(js.awarenessStates("js4").path("states").has("52")).isFalse();
    List<AwarenessChange> changes = new java.util.ArrayList<>();
    j.onChange(changes::add);
    j.applyUpdate(js.awarenessEncode("js4", List.of(52L)), "js");
    assertThat(j.localState()).isEqualTo("{\"me\":1}");
    js.awarenessApply("js4", j.encodeUpdate(changes.get(0).all()));
    assertThat(js.awarenessStates("js4").path("states").path("52").path("me").asInt()).isEqualTo(1);
  }
}
