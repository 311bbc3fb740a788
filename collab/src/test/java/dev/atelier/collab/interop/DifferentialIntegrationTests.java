package dev.atelier.collab.interop;

import static dev.atelier.collab.yjs.Ops.NEW_ARRAY;
import static dev.atelier.collab.yjs.Ops.NEW_MAP;
import static dev.atelier.collab.yjs.Ops.NEW_TEXT;
import static dev.atelier.collab.yjs.Ops.arrayDelete;
import static dev.atelier.collab.yjs.Ops.arrayInsert;
import static dev.atelier.collab.yjs.Ops.mapDelete;
import static dev.atelier.collab.yjs.Ops.mapSet;
import static dev.atelier.collab.yjs.Ops.textDelete;
import static dev.atelier.collab.yjs.Ops.textFormat;
import static dev.atelier.collab.yjs.Ops.textInsert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.yjs.JavaJson;
import dev.atelier.collab.yjs.Ops;
import dev.atelier.collab.yjs.YjsProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same operations, with the same client ids, run on Java docs and on yjs docs: every
 * transaction's update, the state vectors and {@code encodeStateAsUpdate} (full and against an
 * intermediate state vector) must be byte-identical, and each side's updates must rebuild the same
 * content on the other side. The update-level functions ({@code mergeUpdates}, {@code diffUpdate},
 * {@code encodeStateVectorFromUpdate}) are compared on the collected updates.
 */
class DifferentialIntegrationTests {

  private static YjsProcess js;
  private static int docCounter;

  @BeforeAll
  static void start() {
    js = YjsProcess.start();
  }

  @AfterAll
  static void stop() {
    js.close();
  }

  /** One transaction on one client, broadcast at once to the scenario's other clients. */
  record Step(long client, List<ObjectNode> ops) {}

  /** A root type the scenario reads back to compare content ("text", "map" or "array"). */
  record Root(String kind, String name) {}

  record Scenario(List<Step> steps, List<Root> roots) {}

  private static Step step(long client, ObjectNode... ops) {
    return new Step(client, List.of(ops));
  }

  private static Map<String, Object> attrs(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Named<Scenario>> scenarios() {
    Root text = new Root("text", "text");
    Root map = new Root("map", "m");
    Root array = new Root("array", "a");
    return Stream.of(
        Named.of(
            "text inserts and deletes",
            new Scenario(
                List.of(
                    step(1, textInsert("text", 0, "abc")),
                    step(1, textDelete("text", 1, 1)),
                    step(1, textInsert("text", 1, "XYZ"), textInsert("text", 0, ">")),
                    step(1, textDelete("text", 0, 3), textInsert("text", 2, "tail")),
                    step(1, textInsert("text", 7, "end"))),
                List.of(text))),
        Named.of(
            "text formatting",
            new Scenario(
                List.of(
                    step(7, textInsert("text", 0, "hello world")),
                    step(7, textFormat("text", 0, 5, attrs("bold", true))),
                    step(
                        7,
                        textInsert("text", List.of(), 5, " big", attrs("italic", true, "size", 3))),
                    step(7, textFormat("text", 2, 6, attrs("bold", null, "color", "#f00"))),
                    step(7, textDelete("text", 3, 4)),
                    step(7, textFormat("text", 0, 100, attrs("bold", true)))),
                List.of(text))),
        Named.of(
            "map values of every kind",
            new Scenario(
                List.of(
                    step(300, mapSet("m", "k", Map.of("a", 1))),
                    step(
                        300,
                        mapSet("m", "s", "str"),
                        mapSet("m", "i", -42),
                        mapSet("m", "big", 3_000_000_000L)),
                    step(
                        300,
                        mapSet("m", "f", 1.5),
                        mapSet("m", "d", 0.1),
                        mapSet("m", "t", true),
                        mapSet("m", "n", null)),
                    step(300, mapSet("m", "arr", List.of(1, "two", List.of(3.25), Map.of()))),
                    step(300, mapSet("m", "bin", Ops.bytes(new byte[] {0, 1, (byte) 255}))),
                    step(300, mapSet("m", "s", "overwritten"), mapDelete("m", "i")),
                    step(300, mapSet("m", "obj", attrs("z", 1, "a", 2, "10", 3, "2", 4)))),
                List.of(map))),
        Named.of(
            "arrays",
            new Scenario(
                List.of(
                    step(5, arrayInsert("a", List.of(), 0, List.of(1, 2, 3))),
                    step(5, arrayInsert("a", List.of(), 1, List.of("x", Map.of("k", "v")))),
                    step(
                        5,
                        arrayDelete("a", List.of(), 0, 2),
                        arrayInsert("a", List.of(), 3, List.of(true))),
                    step(5, arrayInsert("a", List.of(), 0, List.of(Ops.bytes(new byte[] {9}))))),
                List.of(array))),
        Named.of(
            "nested types",
            new Scenario(
                List.of(
                    step(
                        9,
                        mapSet("m", "doc", NEW_TEXT),
                        mapSet("m", "meta", NEW_MAP),
                        mapSet("m", "list", NEW_ARRAY)),
                    step(9, textInsert("m", List.of("doc"), 0, "nested text", null)),
                    step(
                        9,
                        mapSet("m", List.of("meta"), "title", "T"),
                        mapSet("m", List.of("meta"), "inner", NEW_MAP)),
                    step(9, mapSet("m", List.of("meta", "inner"), "deep", 1)),
                    step(
                        9,
                        arrayInsert("m", List.of("list"), 0, List.of(NEW_MAP, "plain", NEW_TEXT))),
                    step(
                        9,
                        mapSet("m", List.of("list", 0), "x", 1),
                        textInsert("m", List.of("list", 2), 0, "t", null)),
                    step(
                        9,
                        textDelete("m", List.of("doc"), 0, 7),
                        arrayDelete("m", List.of("list"), 1, 1)),
                    step(9, mapSet("m", "doc", "replaced by a string"))),
                List.of(map))),
        Named.of(
            "unicode outside the BMP",
            new Scenario(
                List.of(
                    step(11, textInsert("text", 0, "a😀b𝄞c")),
                    step(11, textInsert("text", 3, "é漢字")),
                    step(11, textDelete("text", 1, 2)),
                    step(11, textFormat("text", 0, 4, attrs("emoji", "🎉"))),
                    step(11, mapSet("m", "😀", "𝄞 key and value"))),
                List.of(text, map))),
        Named.of(
            "insert inside a surrogate pair",
            new Scenario(
                List.of(
                    step(12, textInsert("text", 0, "x😀y")), step(12, textInsert("text", 2, "!"))),
                List.of(text))),
        Named.of(
            "two clients with concurrent edits",
            new Scenario(
                List.of(
                    step(21, textInsert("text", 0, "shared base")),
                    step(4_294_967_296L, textInsert("text", 6, " middle"), mapSet("m", "who", "b")),
                    step(
                        21,
                        textDelete("text", 0, 2),
                        textFormat("text", 0, 3, attrs("b", true)),
                        mapSet("m", "who", "a")),
                    step(9_007_199_254_740_991L, textInsert("text", 0, "max client id ")),
                    step(4_294_967_296L, textDelete("text", 5, 10))),
                List.of(text, map))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void javaMatchesYjsByteForByte(Scenario scenario) {
    String prefix = "d" + (++docCounter) + "-";
    Map<Long, Doc> java = new LinkedHashMap<>();
    Map<Long, List<byte[]>> javaUpdates = new HashMap<>();
    List<byte[]> allJava = new ArrayList<>();
    List<byte[]> allJs = new ArrayList<>();
    for (Step s : scenario.steps()) {
      java.computeIfAbsent(
          s.client(),
          c -> {
            Doc d = new Doc(c);
            List<byte[]> sink = new ArrayList<>();
            javaUpdates.put(c, sink);
            d.onUpdate(
                (u, origin) -> {
                  if (!"remote".equals(origin)) {
                    sink.add(u);
                  }
                });
            js.newDoc(prefix + c, c, true);
            return d;
          });
    }
    byte[] midStateVector = null;
    int stepNo = 0;
    for (Step s : scenario.steps()) {
      stepNo++;
      Doc doc = java.get(s.client());
      List<byte[]> sink = javaUpdates.get(s.client());
      sink.clear();
      doc.transact(
          () -> s.ops().forEach(op -> dev.atelier.collab.yjs.OpApplier.apply(doc, op)), "local");
      List<byte[]> jsOut = js.ops(prefix + s.client(), s.ops(), true);
      assertThat(hexAll(sink)).as("updates of step %d", stepNo).isEqualTo(hexAll(jsOut));
      allJava.addAll(sink);
      allJs.addAll(jsOut);
      for (long other : java.keySet()) {
        if (other != s.client()) {
          for (byte[] u : jsOut) {
            List<byte[]> reaction = javaUpdates.get(other);
            reaction.clear();
            Updates.applyUpdate(java.get(other), u, "remote");
            // yjs's formatting cleanup after a remote change is a local transaction; same bytes.
            assertThat(hexAll(reaction)).isEqualTo(hexAll(js.apply(prefix + other, u)));
          }
        }
      }
      if (stepNo == scenario.steps().size() / 2) {
        midStateVector = Updates.encodeStateVector(java.values().iterator().next());
      }
    }
    for (Map.Entry<Long, Doc> e : java.entrySet()) {
      String name = prefix + e.getKey();
      Doc doc = e.getValue();
      assertThat(hex(Updates.encodeStateVector(doc))).isEqualTo(hex(js.stateVector(name)));
      assertThat(hex(Updates.encodeStateAsUpdate(doc))).isEqualTo(hex(js.encodeState(name)));
      if (midStateVector != null) {
        assertThat(hex(Updates.encodeStateAsUpdate(doc, midStateVector)))
            .isEqualTo(hex(js.encodeState(name, midStateVector)));
      }
      assertSameContent(doc, name, scenario.roots());
    }
    crossApply(scenario, allJava, allJs);
    updateFunctionsAgree(allJs, midStateVector);
  }

  /** Each side's updates rebuild the same content on the other side, one by one and as a state. */
  private void crossApply(Scenario scenario, List<byte[]> fromJava, List<byte[]> fromJs) {
    String name = "x" + (++docCounter);
    js.newDoc(name, 999, true);
    fromJava.forEach(u -> js.apply(name, u));
    Doc fromYjs = new Doc(998);
    fromJs.forEach(u -> Updates.applyUpdate(fromYjs, u));
    assertSameContent(fromYjs, name, scenario.roots());
    Doc loaded = new Doc(997);
    Updates.applyUpdate(loaded, js.encodeState(name));
    assertSameContent(loaded, name, scenario.roots());
    assertThat(Updates.encodeStateAsUpdate(loaded)).isEqualTo(js.encodeState(name));
  }

  private void assertSameContent(Doc doc, String jsName, List<Root> roots) {
    for (Root r : roots) {
      if (r.kind().equals("text")) {
        assertThat(doc.getText(r.name()).toString()).isEqualTo(js.text(jsName, r.name()));
        assertThat(JavaJson.delta(doc, r.name()))
            .isEqualTo(JavaJson.normalize(js.delta(jsName, r.name())));
      } else {
        assertThat(JavaJson.json(doc, r.kind(), r.name()))
            .isEqualTo(JavaJson.normalize(js.json(jsName, r.kind(), r.name())));
      }
    }
  }

  private void updateFunctionsAgree(List<byte[]> updates, byte[] sv) {
    byte[] merged = Updates.mergeUpdates(updates);
    assertThat(hex(merged)).as("mergeUpdates").isEqualTo(hex(js.mergeUpdates(updates)));
    assertThat(hex(Updates.encodeStateVectorFromUpdate(merged)))
        .as("encodeStateVectorFromUpdate")
        .isEqualTo(hex(js.encodeStateVectorFromUpdate(merged)));
    if (sv != null) {
      assertThat(hex(Updates.diffUpdate(merged, sv)))
          .as("diffUpdate")
          .isEqualTo(hex(js.diffUpdate(merged, sv)));
    }
    // Merging in halves and out of order, as a log compactor would.
    List<byte[]> reversed = new ArrayList<>(updates);
    java.util.Collections.reverse(reversed);
    int half = reversed.size() / 2;
    List<byte[]> parts =
        List.of(
            Updates.mergeUpdates(reversed.subList(0, half)),
            Updates.mergeUpdates(reversed.subList(half, reversed.size())));
    List<byte[]> jsParts =
        List.of(
            js.mergeUpdates(reversed.subList(0, half)),
            js.mergeUpdates(reversed.subList(half, reversed.size())));
    assertThat(hexAll(parts)).isEqualTo(hexAll(jsParts));
    assertThat(hex(Updates.mergeUpdates(parts))).isEqualTo(hex(js.mergeUpdates(jsParts)));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static List<String> hexAll(List<byte[]> list) {
    return list.stream().map(DifferentialIntegrationTests::hex).toList();
  }
}
