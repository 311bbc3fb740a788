package dev.atelier.collab.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.yjs.JavaJson;
import dev.atelier.collab.yjs.OpApplier;
import dev.atelier.collab.yjs.YjsProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomised convergence: Java and yjs peers (half each) edit one document at once with random text
 * inserts, deletes, formats, map sets and array edits; a simulated network delivers every update to
 * every other peer late, out of order and sometimes twice. At the end all peers must hold the same
 * content and byte-identical {@code encodeStateAsUpdate}. A failure names its seed; rerun one seed
 * with {@code -Dcollab.fuzz.seed=N -Dtest=ConvergenceFuzzIntegrationTests}. The long run ({@code
 * -Dcollab.fuzz.long=true}) adds many seeds, more peers and more ops.
 */
class ConvergenceFuzzIntegrationTests {

  private static final String REMOTE = "remote";
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
  @ValueSource(longs = {1, 2})
  void peersConvergeToIdenticalState(long seed) {
    run(seed, 4, 10_000);
  }

  @Test
  @EnabledIfSystemProperty(named = "collab.fuzz.seed", matches = "\\d+")
  void singleSeedFromTheCommandLine() {
    run(
        Long.getLong("collab.fuzz.seed"),
        Integer.getInteger("collab.fuzz.peers", 4),
        Integer.getInteger("collab.fuzz.ops", 10_000));
  }

  @Test
  @EnabledIfSystemProperty(named = "collab.fuzz.long", matches = "true")
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void longRun() {
    // Fresh seeds each time (printed on failure): 12 runs of 30,000 ops with 4, 6 and 8 peers.
    long base = System.nanoTime();
    LongStream.range(0, 12).forEach(i -> run(base + i, 4 + (int) (i % 3) * 2, 30_000));
  }

  // ---- peers --------------------------------------------------------------------------------

  private interface Peer {
    String name();

    void deliver(byte[] update);

    void op(ObjectNode op);

    /** Updates this peer produced since the last flush (its own ops and formatting cleanups). */
    List<byte[]> flush();

    String text();

    JsonNode delta();

    JsonNode json(String kind, String root);

    byte[] state();

    byte[] stateVector();
  }

  private static final class JavaPeer implements Peer {
    final Doc doc;
    final List<byte[]> out = new ArrayList<>();

    JavaPeer(long client) {
      doc = new Doc(client);
      doc.onUpdate(
          (u, origin) -> {
            if (origin != REMOTE) {
              out.add(u);
            }
          });
    }

    public String name() {
      return "java:" + doc.clientId();
    }

    public void deliver(byte[] update) {
      Updates.applyUpdate(doc, update, REMOTE);
    }

    public void op(ObjectNode op) {
      doc.transact(() -> OpApplier.apply(doc, op), "local");
    }

    public List<byte[]> flush() {
      List<byte[]> copy = new ArrayList<>(out);
      out.clear();
      return copy;
    }

    public String text() {
      return doc.getText("text").toString();
    }

    public JsonNode delta() {
      return JavaJson.delta(doc, "text");
    }

    public JsonNode json(String kind, String root) {
      return JavaJson.json(doc, kind, root);
    }

    public byte[] state() {
      return Updates.encodeStateAsUpdate(doc);
    }

    public byte[] stateVector() {
      return Updates.encodeStateVector(doc);
    }
  }

  private static final class YjsPeer implements Peer {
    final String name;
    ArrayNode steps = YjsProcess.json().createArrayNode();

    YjsPeer(String name, long client) {
      this.name = name;
      js.newDoc(name, client, true);
    }

    public String name() {
      return "yjs:" + name;
    }

    public void deliver(byte[] update) {
      steps.addObject().put("apply", java.util.Base64.getEncoder().encodeToString(update));
    }

    public void op(ObjectNode op) {
      steps.addObject().set("op", op);
    }

    public List<byte[]> flush() {
      if (steps.isEmpty()) {
        return List.of();
      }
      List<byte[]> out = js.batch(name, steps);
      steps = YjsProcess.json().createArrayNode();
      return out;
    }

    public String text() {
      return js.text(name, "text");
    }

    public JsonNode delta() {
      return JavaJson.normalize(js.delta(name, "text"));
    }

    public JsonNode json(String kind, String root) {
      return JavaJson.normalize(js.json(name, kind, root));
    }

    public byte[] state() {
      return js.encodeState(name);
    }

    public byte[] stateVector() {
      return js.stateVector(name);
    }
  }

  // ---- the run ------------------------------------------------------------------------------

  private record Message(int to, byte[] update, long due) {}

  private static int runCounter;

  static void run(long seed, int peerCount, int totalOps) {
    String label =
        "seed "
            + seed
            + " ("
            + peerCount
            + " peers, "
            + totalOps
            + " ops); rerun with"
            + " -Dtest=ConvergenceFuzzIntegrationTests -Dcollab.fuzz.seed="
            + seed
            + " -Dcollab.fuzz.peers="
            + peerCount
            + " -Dcollab.fuzz.ops="
            + totalOps;
    Random rnd = new Random(seed);
    List<Peer> peers = new ArrayList<>();
    int run = ++runCounter;
    for (int i = 0; i < peerCount; i++) {
      // Mostly 32-bit ids like yjs's own, one up to 2^53 - 1 to exercise long client ids.
      long client = i == 0 ? (1L << 53) - 1 - rnd.nextInt(1000) : 1 + (rnd.nextLong() >>> 33);
      peers.add(i % 2 == 0 ? new JavaPeer(client) : new YjsPeer("f" + run + "-" + i, client));
    }
    try {
      simulate(rnd, peers, totalOps);
      assertConverged(peers);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("convergence failed for " + label + ": " + e.getMessage(), e);
    } finally {
      peers.stream().filter(p -> p instanceof YjsPeer).forEach(p -> js.destroy(((YjsPeer) p).name));
    }
  }

  private static void simulate(Random rnd, List<Peer> peers, int totalOps) {
    List<Message> network = new ArrayList<>();
    RandomOps gen = new RandomOps(rnd);
    int opsDone = 0;
    long round = 0;
    while (opsDone < totalOps || !network.isEmpty()) {
      round++;
      if (round > 1_000_000) {
        throw new AssertionError(
            "the network did not quiesce: updates keep bouncing between peers");
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < peers.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, rnd);
      for (int p : order) {
        Peer peer = peers.get(p);
        List<Message> due = new ArrayList<>();
        for (int i = network.size() - 1; i >= 0; i--) {
          Message m = network.get(i);
          if (m.to() == p && m.due() <= round) {
            due.add(m);
            network.remove(i);
          }
        }
        Collections.shuffle(due, rnd);
        for (Message m : due) {
          peer.deliver(m.update());
          if (rnd.nextInt(100) < 8) {
            network.add(new Message(p, m.update(), round + 1 + rnd.nextInt(20)));
          }
        }
        int k = opsDone < totalOps ? rnd.nextInt(7) : 0;
        for (int i = 0; i < k && opsDone < totalOps; i++, opsDone++) {
          peer.op(gen.next());
        }
        List<byte[]> flushed = peer.flush();
        for (byte[] u : flushed) {
          for (int q = 0; q < peers.size(); q++) {
            if (q != p) {
              network.add(new Message(q, u, round + delay(rnd)));
            }
          }
        }
      }
    }
  }

  private static long delay(Random rnd) {
    int r = rnd.nextInt(1000);
    if (r < 800) {
      return rnd.nextInt(3);
    }
    return r < 990 ? 3 + rnd.nextInt(8) : 11 + rnd.nextInt(30);
  }

  private static void assertConverged(List<Peer> peers) {
    Peer first = peers.get(0);
    String text = first.text();
    JsonNode delta = first.delta();
    JsonNode map = first.json("map", "m");
    JsonNode array = first.json("array", "a");
    byte[] state = first.state();
    String sv = HexFormat.of().formatHex(first.stateVector());
    for (Peer p : peers.subList(1, peers.size())) {
      String vs = " (" + p.name() + " vs " + first.name() + ")";
      assertSameText("text" + vs, p.text(), text);
      assertThat(p.delta()).as("delta" + vs).isEqualTo(delta);
      assertThat(p.json("map", "m")).as("map" + vs).isEqualTo(map);
      assertThat(p.json("array", "a")).as("array" + vs).isEqualTo(array);
      assertThat(HexFormat.of().formatHex(p.stateVector())).as("state vector" + vs).isEqualTo(sv);
      assertSameBytes("encoded state" + vs, p.state(), state);
    }
  }

  /** Text equality that reports where two long texts part, not both in full. */
  static void assertSameText(String what, String actual, String expected) {
    if (actual.equals(expected)) {
      return;
    }
    int i = 0;
    while (i < Math.min(actual.length(), expected.length())
        && actual.charAt(i) == expected.charAt(i)) {
      i++;
    }
    int from = Math.max(0, i - 20);
    throw new AssertionError(
        what
            + ": lengths "
            + actual.length()
            + " vs "
            + expected.length()
            + ", first difference at "
            + i
            + ": \""
            + escape(actual.substring(from, Math.min(actual.length(), i + 20)))
            + "\" vs \""
            + escape(expected.substring(from, Math.min(expected.length(), i + 20)))
            + "\"");
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars()
        .forEach(
            c ->
                sb.append(
                    c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return sb.toString();
  }

  /** Byte equality that reports where two large encodings part, not both in full. */
  static void assertSameBytes(String what, byte[] actual, byte[] expected) {
    int n = Math.min(actual.length, expected.length);
    int i = 0;
    while (i < n && actual[i] == expected[i]) {
      i++;
    }
    if (i == n && actual.length == expected.length) {
      return;
    }
    int from = Math.max(0, i - 16);
    throw new AssertionError(
        what
            + ": "
            + actual.length
            + " vs "
            + expected.length
            + " bytes, first difference at offset "
            + i
            + ": ..."
            + HexFormat.of().formatHex(actual, from, Math.min(actual.length, i + 16))
            + " vs ..."
            + HexFormat.of().formatHex(expected, from, Math.min(expected.length, i + 16)));
  }
}
