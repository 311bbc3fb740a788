package dev.atelier.collab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.traces.EditingTrace;
import dev.atelier.collab.traces.TraceReplay;
import dev.atelier.collab.yjs.YjsProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Java vs yjs on the automerge-paper trace (not a test; {@code mvn -pl collab -Pbench verify}):
 * (1) apply the trace as local edits, one transaction per patch; (2) encode the final state; (3)
 * load that state into a fresh doc; (4) heap retained by the doc after GC. Both sides run a warm-up
 * and then {@code -Dbench.runs} (default 5) measured runs; the medians are printed with the ratio
 * Java/yjs. yjs runs on node in the same invocation ({@code src/test/js/bench.mjs}).
 */
public final class YjsComparisonBenchmark {

  private static final long CLIENT = 0x12345678L;

  private YjsComparisonBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.runs", 5);
    String traceName = System.getProperty("bench.trace", "automerge-paper");
    Path tracePath =
        Path.of(System.getProperty("collab.js.dir", "src/test/js"))
            .resolve("../resources/editing-traces/" + traceName + ".json.gz")
            .normalize();
    EditingTrace trace = EditingTrace.load(tracePath);
    System.out.printf(Locale.ROOT, "trace %s: %,d patches, final length %,d%n", traceName,
        trace.patchCount(), trace.endContent().length());

    double[] apply = new double[runs];
    double[] encode = new double[runs];
    double[] load = new double[runs];
    byte[] encoded = null;
    for (int run = -1; run < runs; run++) {
      long t0 = System.nanoTime();
      Doc doc = new Doc(CLIENT);
      TraceReplay.replayLocal(doc, trace);
      long t1 = System.nanoTime();
      encoded = Updates.encodeStateAsUpdate(doc);
      long t2 = System.nanoTime();
      Doc fresh = new Doc(CLIENT + 1);
      Updates.applyUpdate(fresh, encoded);
      long t3 = System.nanoTime();
      if (!doc.getText("text").toString().equals(trace.endContent())
          || !fresh.getText("text").toString().equals(trace.endContent())) {
        throw new IllegalStateException("Java replay diverged from the trace's end content");
      }
      if (run >= 0) {
        apply[run] = (t1 - t0) / 1e6;
        encode[run] = (t2 - t1) / 1e6;
        load[run] = (t3 - t2) / 1e6;
      }
      System.out.printf(Locale.ROOT, "java %s: apply %.0f ms, encode %.1f ms, load %.1f ms%n",
          run < 0 ? "warm-up" : "run " + (run + 1), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
    long editedHeap = retainedHeap(() -> {
      Doc d = new Doc(CLIENT);
      TraceReplay.replayLocal(d, trace);
      return d;
    });
    byte[] state = encoded;
    long loadedHeap = retainedHeap(() -> {
      Doc d = new Doc(CLIENT + 1);
      Updates.applyUpdate(d, state);
      return d;
    });

    JsonNode yjs = runYjs(tracePath, runs);
    byte[] yjsEncoded = Base64.getDecoder().decode(yjs.get("encodedBase64").asText());

    System.out.println();
    System.out.printf(Locale.ROOT, "yjs %s on node %s; medians of %d runs after one warm-up%n",
        yjs.get("yjs").asText(), yjs.get("node").asText(), runs);
    System.out.println("(the best run is printed too: on a shared machine it is the figure least"
        + " disturbed by other processes)");
    System.out.printf(Locale.ROOT, "%-34s %10s %10s %7s | %10s %10s %7s  %s%n", "", "Java",
        "yjs", "ratio", "Java best", "yjs best", "ratio", "goal");
    timing("(1) apply trace, 1 txn/patch (ms)", apply, doubles(yjs.get("applyMs")), "<= 0.25");
    timing("(2) encodeStateAsUpdate (ms)", encode, doubles(yjs.get("encodeMs")), "");
    System.out.printf(Locale.ROOT, "%-34s %,10d %,10d %7s   %s%n", "(2) encoded size (bytes)",
        encoded.length, yjsEncoded.length, Arrays.equals(encoded, yjsEncoded) ? "same" : "DIFFER",
        "identical bytes");
    timing("(3) load encoded state (ms)", load, doubles(yjs.get("loadMs")), "<= 0.5");
    size("(4) retained heap, edited doc (KB)", editedHeap, yjs.get("editedHeapBytes").asLong(),
        "<= 1");
    size("    retained heap, loaded doc (KB)", loadedHeap, yjs.get("loadedHeapBytes").asLong(), "");
  }

  private static void timing(String what, double[] java, double[] yjs, String goal) {
    double jm = median(java);
    double ym = median(yjs);
    double jb = Arrays.stream(java).min().orElseThrow();
    double yb = Arrays.stream(yjs).min().orElseThrow();
    System.out.printf(Locale.ROOT, "%-34s %,10.1f %,10.1f %7.3f | %,10.1f %,10.1f %7.3f  %s%n",
        what, jm, ym, jm / ym, jb, yb, jb / yb, goal);
  }

  private static void size(String what, long java, long yjs, String goal) {
    System.out.printf(Locale.ROOT, "%-34s %,10.1f %,10.1f %7.3f   %s%n", what, java / 1024.0,
        yjs / 1024.0, (double) java / yjs, goal);
  }

  private interface DocFactory {
    Doc create();
  }

  /** Used heap with the doc held minus used heap without it, each after full GCs. */
  private static long retainedHeap(DocFactory factory) throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    fullGc();
    long before = memory.getHeapMemoryUsage().getUsed();
    Doc held = factory.create();
    fullGc();
    long after = memory.getHeapMemoryUsage().getUsed();
    // Keep the doc reachable until after the measurement.
    if (held.getText("text").length() < 0) {
      throw new AssertionError();
    }
    return after - before;
  }

  private static void fullGc() throws InterruptedException {
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(50);
    }
  }

  private static JsonNode runYjs(Path trace, int runs) throws IOException, InterruptedException {
    System.out.println("running yjs (node --expose-gc bench.mjs) ...");
    Process p =
        new ProcessBuilder(
                List.of("node", "--expose-gc", "bench.mjs", trace.toAbsolutePath().toString(),
                    String.valueOf(runs), String.valueOf(CLIENT)))
            .directory(YjsProcess.jsDir().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("bench.mjs failed with exit code " + p.exitValue());
    }
    return new ObjectMapper().readTree(out);
  }

  private static double[] doubles(JsonNode arr) {
    List<Double> list = new ArrayList<>();
    arr.forEach(n -> list.add(n.asDouble()));
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
