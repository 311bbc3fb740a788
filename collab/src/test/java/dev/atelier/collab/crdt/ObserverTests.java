package dev.atelier.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.collab.CollabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObserverTests {

  @Test
  void textEventsCarryDeltaAndOrigin() throws Exception {
    Doc doc = new Doc(1);
    YText t = doc.getText("t");
    t.insert(0, "hello");
    List<List<Map<String, Object>>> deltas = new ArrayList<>();
    List<Object> origins = new ArrayList<>();
    try (AutoCloseable sub =
        t.observe(
            e -> {
              deltas.add(e.delta().stream().map(Delta::toJson).toList());
              origins.add(e.origin());
            })) {
      doc.transact(
          () -> {
            t.insert(5, " world");
            t.delete(0, 1);
          },
          "user-1");
      t.format(0, 2, Map.of("bold", true));
    }
    t.insert(0, "unobserved");
    assertThat(deltas)
        .containsExactly(
            List.of(Map.of("delete", 1), Map.of("retain", 4), Map.of("insert", " world")),
            List.of(Map.of("retain", 2, "attributes", Map.of("bold", true))));
    assertThat(origins).containsExactly("user-1", null);
  }

  @Test
  void remoteChangesArriveAsEventsWithTheApplyOrigin() throws Exception {
    Doc a = new Doc(1);
    Doc b = new Doc(2);
    List<Object> seen = new ArrayList<>();
    try (AutoCloseable sub =
        b.getText("t").observe(e -> seen.add(List.of(e.origin(), e.isLocal(), e.delta())))) {
      a.getText("t").insert(0, "x");
      Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a), "peer-a");
    }
    assertThat(seen).containsExactly(List.of("peer-a", false, List.of(Delta.insert("x", null))));
  }

  @Test
  void mapEventsDescribeKeyChanges() {
    Doc doc = new Doc(1);
    YMap m = doc.getMap("m");
    m.set("keep", 1);
    m.set("change", "old");
    List<Map<String, MapEvent.KeyChange>> changes = new ArrayList<>();
    m.observe(e -> changes.add(e.keys()));
    doc.transact(
        () -> {
          m.set("change", "new");
          m.delete("keep");
          m.set("added", true);
        });
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0))
        .containsEntry("change", new MapEvent.KeyChange(MapEvent.Action.UPDATE, "old"))
        .containsEntry("keep", new MapEvent.KeyChange(MapEvent.Action.DELETE, 1))
        .containsEntry("added", new MapEvent.KeyChange(MapEvent.Action.ADD, null));
  }

  @Test
  void arrayEventsCarryAListDelta() {
    Doc doc = new Doc(1);
    YArray arr = doc.getArray("a");
    arr.push(List.of(1, 2, 3));
    List<List<Delta>> deltas = new ArrayList<>();
    arr.observe(e -> deltas.add(e.delta()));
    doc.transact(
        () -> {
          arr.delete(0, 1);
          arr.insert(2, List.of("x", "y"));
        });
    assertThat(deltas)
        .containsExactly(
            List.of(Delta.delete(1), Delta.retain(2, null), Delta.insert(List.of("x", "y"), null)));
  }

  @Test
  void eventDetailsCannotBeReadAfterTheObserverReturned() {
    Doc doc = new Doc(1);
    List<TextEvent> events = new ArrayList<>();
    doc.getText("t").observe(events::add);
    doc.getText("t").insert(0, "x");
    assertThatThrownBy(() -> events.get(0).delta()).isInstanceOf(CollabException.class);
  }

  @Test
  void updateListenerGetsOneUpdatePerTransaction() {
    Doc doc = new Doc(1);
    List<Object> origins = new ArrayList<>();
    doc.onUpdate((u, origin) -> origins.add(origin));
    doc.transact(
        () -> {
          doc.getText("t").insert(0, "a");
          doc.getMap("m").set("k", 1);
          doc.transact(() -> doc.getText("t").insert(1, "b"), "ignored-inner-origin");
        },
        "outer");
    doc.transact(() -> {}, "no-change");
    assertThat(origins).containsExactly("outer");
  }

  @Test
  void aFailingObserverDoesNotStopOthersOrCorruptTheDocument() {
    Doc doc = new Doc(1);
    List<String> calls = new ArrayList<>();
    doc.getText("t")
        .observe(
            e -> {
              throw new IllegalStateException("observer bug");
            });
    doc.getText("t").observe(e -> calls.add("second"));
    assertThatThrownBy(() -> doc.getText("t").insert(0, "x"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(calls).containsExactly("second");
    doc.getText("t").observe(e -> calls.add("third"));
    assertThat(doc.getText("t").toString()).isEqualTo("x");
  }
}
