package dev.atelier.collab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AwarenessTests {

  private final AtomicLong now = new AtomicLong(1_000_000);

  private Awareness awareness(long client) {
    return new Awareness(client, now::get, ProtocolLimits.DEFAULTS);
  }

  private static byte[] update(Object... idClockJson) {
    Lib0Writer w = new Lib0Writer();
    w.writeVarUint(idClockJson.length / 3);
    for (int i = 0; i < idClockJson.length; i += 3) {
      w.writeVarUint(((Number) idClockJson[i]).longValue());
      w.writeVarUint(((Number) idClockJson[i + 1]).longValue());
      w.writeVarString((String) idClockJson[i + 2]);
    }
    return w.toByteArray();
  }

  private static List<AwarenessChange> record(Awareness a) {
    List<AwarenessChange> changes = new ArrayList<>();
    a.onChange(changes::add);
    return changes;
  }

  @Test
  void encodesTheY_protocolsLayout() {
    Awareness a = awareness(5);
    a.setLocalState("{ \"user\" : { \"name\": \"Ada\" } }");
    assertThat(a.localState()).isEqualTo("{\"user\":{\"name\":\"Ada\"}}");
    byte[] bytes = a.encodeUpdate(List.of(5L));
    // n=1, client 5, clock 1 (clock 0 is the implicit initial state), varString(JSON)
    assertThat(HexFormat.of().formatHex(bytes)).startsWith("01050117");
    assertThat(AwarenessEntry.decodeUpdate(bytes, ProtocolLimits.DEFAULTS))
        .containsExactly(new AwarenessEntry(5, 1, "{\"user\":{\"name\":\"Ada\"}}"));
  }

  @Test
  void twoPeersExchangeStatesAndRemovals() {
    Awareness a = awareness(1);
    Awareness b = awareness(2);
    List<AwarenessChange> seenByB = record(b);
    a.setLocalState("{\"c\":1}");
    b.applyUpdate(a.encodeUpdate(List.of(1L)), "conn");
    assertThat(b.states()).containsEntry(1L, "{\"c\":1}");
    assertThat(seenByB)
        .last()
        .satisfies(
            c -> {
              assertThat(c.added()).containsExactly(1L);
              assertThat(c.origin()).isEqualTo("conn");
            });
    a.setLocalState("{\"c\":2}");
    b.applyUpdate(a.encodeUpdate(List.of(1L)), "conn");
    assertThat(seenByB)
        .last()
        .satisfies(
            c -> {
              assertThat(c.updated()).containsExactly(1L);
              assertThat(c.changed()).containsExactly(1L);
            });
    a.setLocalState(null);
    b.applyUpdate(a.encodeUpdate(List.of(1L)), "conn");
    assertThat(b.states()).doesNotContainKey(1L);
    assertThat(seenByB).last().satisfies(c -> assertThat(c.removed()).containsExactly(1L));
    assertThat(b.clock(1)).hasValue(3);
  }

  @Test
  void staleClocksAreIgnoredAndEqualClockNullRemoves() {
    Awareness b = awareness(2);
    b.applyUpdate(update(9, 3, "{\"v\":3}"), null);
    b.applyUpdate(update(9, 2, "{\"v\":2}"), null);
    b.applyUpdate(update(9, 3, "{\"v\":\"same clock\"}"), null);
    assertThat(b.states()).containsEntry(9L, "{\"v\":3}");
    b.applyUpdate(update(9, 3, "null"), null);
    assertThat(b.states()).doesNotContainKey(9L);
    b.applyUpdate(update(9, 4, "{\"v\":4}"), null);
    assertThat(b.states()).containsEntry(9L, "{\"v\":4}");
  }

  @Test
  void renewalWithTheSameStateIsAnUpdateButNotAChange() {
    Awareness b = awareness(2);
    List<AwarenessChange> seen = record(b);
    b.applyUpdate(update(9, 1, "{\"v\":1}"), null);
    b.applyUpdate(update(9, 2, "{\"v\":1}"), null);
    assertThat(seen)
        .last()
        .satisfies(
            c -> {
              assertThat(c.updated()).containsExactly(9L);
              assertThat(c.changed()).isEmpty();
            });
  }

  @Test
  void aRemotePeerNullingOurStateMakesUsReannounceWithAHigherClock() {
    Awareness me = awareness(7);
    me.setLocalState("{\"me\":true}");
    List<AwarenessChange> seen = record(me);
    me.applyUpdate(update(7, 1, "null"), "evil");
    assertThat(me.localState()).isEqualTo("{\"me\":true}");
    assertThat(me.clock(7)).hasValue(2);
    assertThat(seen).last().satisfies(c -> assertThat(c.updated()).containsExactly(7L));
    Awareness other = awareness(8);
    other.applyUpdate(update(7, 1, "null"), null);
    other.applyUpdate(me.encodeUpdate(seen.get(seen.size() - 1).all()), null);
    assertThat(other.states()).containsEntry(7L, "{\"me\":true}");
  }

  @Test
  void remoteStatesExpireAfterThirtySecondsAndOursIsRenewed() {
    Awareness me = awareness(1);
    me.setLocalState("{}");
    me.applyUpdate(update(2, 1, "{\"p\":2}"), null);
    List<AwarenessChange> seen = record(me);
    now.addAndGet(14_999);
    me.checkTimeouts();
    assertThat(seen).isEmpty();
    now.addAndGet(1);
    me.checkTimeouts();
    assertThat(seen)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.updated()).containsExactly(1L);
              assertThat(c.origin()).isEqualTo(Awareness.ORIGIN_LOCAL);
            });
    assertThat(me.clock(1)).hasValue(2);
    now.addAndGet(14_999);
    me.checkTimeouts();
    assertThat(me.states()).containsKey(2L);
    now.addAndGet(1);
    me.checkTimeouts();
    assertThat(me.states()).containsOnlyKeys(1L);
    assertThat(seen)
        .anySatisfy(
            c -> {
              assertThat(c.removed()).containsExactly(2L);
              assertThat(c.origin()).isEqualTo(Awareness.ORIGIN_TIMEOUT);
            });
    // The clock survives removal, so a replayed old update cannot resurrect the peer.
    me.applyUpdate(update(2, 1, "{\"p\":2}"), null);
    assertThat(me.states()).doesNotContainKey(2L);
  }

  @Test
  void removeStatesDropsAConnectionsClients() {
    Awareness hub = awareness(100);
    hub.applyUpdate(update(1, 1, "{}", 2, 1, "{}", 3, 1, "{}"), "c1");
    List<AwarenessChange> seen = record(hub);
    hub.removeStates(List.of(1L, 2L, 42L), "closed");
    assertThat(hub.states()).containsOnlyKeys(3L);
    assertThat(seen)
        .singleElement()
        .satisfies(c -> assertThat(c.removed()).containsExactly(1L, 2L));
    byte[] bye = hub.encodeUpdate(List.of(1L, 2L));
    assertThat(AwarenessEntry.decodeUpdate(bye, ProtocolLimits.DEFAULTS))
        .containsExactly(new AwarenessEntry(1, 1, null), new AwarenessEntry(2, 1, null));
  }

  @Test
  void fullUpdateListsEveryKnownState() {
    Awareness hub = awareness(100);
    hub.applyUpdate(update(3, 1, "{\"x\":3}", 4, 2, "{\"x\":4}"), null);
    Awareness fresh = awareness(200);
    fresh.applyUpdate(hub.encodeFullUpdate(), null);
    assertThat(fresh.states()).isEqualTo(Map.of(3L, "{\"x\":3}", 4L, "{\"x\":4}"));
  }

  @Test
  void aBadEntryRejectsTheWholeUpdateAndChangesNothing() {
    Awareness b = awareness(2);
    b.applyUpdate(update(9, 1, "{\"v\":1}"), null);
    List<AwarenessChange> seen = record(b);
    assertThatThrownBy(() -> b.applyUpdate(update(9, 5, "{\"v\":5}", 10, 1, "{oops"), null))
        .isInstanceOf(CollabException.class)
        .extracting(e -> ((CollabException) e).code())
        .isEqualTo(ErrorCode.MALFORMED);
    assertThat(b.states()).containsOnlyKeys(9L).containsEntry(9L, "{\"v\":1}");
    assertThat(seen).isEmpty();
  }

  @Test
  void hostileAwarenessUpdatesAreBounded() {
    ProtocolLimits limits = new ProtocolLimits(1 << 20, 2, 16, 3);
    Awareness b = new Awareness(2, now::get, limits);
    assertThat(code(() -> b.applyUpdate(update(1, 1, "{}", 2, 1, "{}", 3, 1, "{}"), null)))
        .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(code(() -> b.applyUpdate(update(1, 1, "\"01234567890123456789\""), null)))
        .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(code(() -> b.applyUpdate(update(1, 1, "[[[[1]]]]"), null)))
        .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    // Declares 2^40 entries in a few bytes.
    assertThat(
            code(() -> awareness(3).applyUpdate(HexFormat.of().parseHex("8080808080200101"), null)))
        .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(code(() -> b.applyUpdate(HexFormat.of().parseHex("0101"), null)))
        .isEqualTo(ErrorCode.TRUNCATED);
    assertThat(code(() -> b.applyUpdate(HexFormat.of().parseHex("0001"), null)))
        .isEqualTo(ErrorCode.MALFORMED);
    assertThat(code(() -> b.setLocalState("{\"a\":\"01234567890123456789\"}")))
        .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(b.states()).isEmpty();
  }

  @Test
  void listenersCanBeRemoved() throws Exception {
    Awareness a = awareness(1);
    List<AwarenessChange> seen = new ArrayList<>();
    AutoCloseable handle = a.onChange(seen::add);
    a.setLocalState("1");
    handle.close();
    a.setLocalState("2");
    assertThat(seen).hasSize(1);
  }

  private static ErrorCode code(Runnable r) {
    try {
      r.run();
    } catch (CollabException e) {
      return e.code();
    }
    throw new AssertionError("expected a CollabException");
  }
}
