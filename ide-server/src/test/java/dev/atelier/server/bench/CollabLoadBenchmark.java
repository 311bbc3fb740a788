package dev.atelier.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.collab.crdt.Updates;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * Load benchmark of live collaboration (not a test): N simulated peers ({@link CollabClient}, Java
 * y-websocket clients) on loopback type into shared documents, and the time from a keystroke at
 * one peer to its arrival at every other peer of the room is recorded, along with the server
 * process's CPU time. The same harness then runs against the reference Yjs server ({@code
 * @y/websocket-server} 0.1.1 with yjs 13.6.33 under node, in-memory, no persistence) and the
 * ratios are printed. Scenarios: {@code peers} peers spread over {@code rooms} rooms, each typing
 * {@code rate} characters per second; then one room with one writer and {@code followers}
 * followers (classroom).
 *
 * <p>Both servers run as separate processes (the packaged Atelier jar with a fresh {@code
 * ATELIER_HOME}; node), so the CPU figures are the servers' own. Usage in ide-server/README.md.
 */
public final class CollabLoadBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JAR = Paths.get("target", "ide-server-0.1.0-SNAPSHOT.jar");
  private static final Path REFERENCE = Paths.get("src", "test", "yjs-server");

  private final Map<String, String> options;
  private int warmup;

  private CollabLoadBenchmark(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("options look like --name=value, got " + arg);
      }
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    new CollabLoadBenchmark(options).run();
    System.exit(0);
  }

  private int option(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  private void run() throws Exception {
    int peers = option("peers", 1000);
    int rooms = option("rooms", 100);
    int rate = option("rate", 5);
    int seconds = option("seconds", 20);
    warmup = option("warmup", 10);
    int followers = option("followers", 200);
    boolean reference = !"false".equals(options.get("reference"));
    System.out.printf(
        "Collab load: %d peers in %d rooms typing %d chars/s each, %d s measured; classroom: 1"
            + " writer, %d followers%n",
        peers, rooms, rate, seconds, followers);

    List<Result> atelier;
    try (ServerProcess server =
        ServerProcess.atelier(options.getOrDefault("server-jvm-options", ""))) {
      // Classroom first: a backlog left by the bigger scenario would delay its connections.
      atelier =
          List.of(
              safely(() -> scenario("atelier", server, followers + 1, 1, rate, seconds, 1)),
              safely(() -> scenario("atelier", server, peers, rooms, rate, seconds)));
    }
    List<Result> yjs = List.of();
    if (reference) {
      try (ServerProcess server = ServerProcess.reference()) {
        yjs =
            List.of(
                safely(() -> scenario("y-websocket", server, followers + 1, 1, rate, seconds, 1)),
                safely(() -> scenario("y-websocket", server, peers, rooms, rate, seconds)));
      }
    }
    System.out.println();
    System.out.println(
        "| scenario | server | keystrokes | deliveries | delivered | p50 | p99 | max | server CPU |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (List<Result> list : List.of(atelier, yjs)) {
      for (Result r : list) {
        System.out.println(r.row());
      }
    }
    if (!yjs.isEmpty()) {
      for (int i = 0; i < atelier.size(); i++) {
        Result a = atelier.get(i);
        Result y = yjs.get(i);
        System.out.printf(
            "%s: Atelier/reference p50 %.2f, p99 %.2f, CPU %.2f, deliveries/s %.2f%n",
            a.scenario,
            a.p50 / y.p50,
            a.p99 / y.p99,
            a.cpuCores / y.cpuCores,
            a.deliveriesPerSecond() / y.deliveriesPerSecond());
      }
    }
  }

  private interface Scenario {
    Result run() throws Exception;
  }

  /** A scenario that fails (e.g. connections time out on a saturated server) reports it. */
  private static Result safely(Scenario scenario) {
    try {
      return scenario.run();
    } catch (Exception e) {
      System.out.println("scenario failed: " + e);
      return new Result(
          "failed: " + e.getMessage(),
          "-",
          0,
          0,
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          1);
    }
  }

  private Result scenario(
      String name, ServerProcess server, int peers, int rooms, int rate, int seconds)
      throws Exception {
    return scenario(name, server, peers, rooms, rate, seconds, peers);
  }

  /**
   * Connects {@code peers} peers round-robin to {@code rooms} rooms; the first {@code writers}
   * peers type, all record arrivals of others' keystrokes.
   */
  private Result scenario(
      String name, ServerProcess server, int peers, int rooms, int rate, int seconds, int writers)
      throws Exception {
    String label =
        writers == peers
            ? peers + " peers / " + rooms + " rooms"
            : "classroom 1 writer / " + (peers - 1) + " followers";
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6);
    Recorder recorder = new Recorder(seconds, (seconds + 30) * rate + 64);
    List<LoadPeers.Peer> clients = new ArrayList<>();
    try (LoadPeers load = new LoadPeers(2, recorder::arrived)) {
      List<CompletableFuture<LoadPeers.Peer>> pending = new ArrayList<>();
      for (int i = 0; i < peers; i++) {
        URI uri = server.room(prefix + "/room-" + (i % rooms) + ".txt");
        pending.add(load.connect(uri));
        if (pending.size() >= 50) {
          for (CompletableFuture<LoadPeers.Peer> f : pending) {
            clients.add(f.get(60, TimeUnit.SECONDS));
          }
          pending.clear();
        }
      }
      for (CompletableFuture<LoadPeers.Peer> f : pending) {
        clients.add(f.get(60, TimeUnit.SECONDS));
      }
      for (LoadPeers.Peer c : clients) {
        recorder.typist(c.clientId());
      }
      return measure(name, label, server, clients, writers, rooms, rate, seconds, recorder);
    }
  }

  private Result measure(
      String name,
      String label,
      ServerProcess server,
      List<LoadPeers.Peer> clients,
      int writers,
      int rooms,
      int rate,
      int seconds,
      Recorder recorder)
      throws InterruptedException {
    int peers = clients.size();
    Latencies latencies = recorder.latencies;
    AtomicLong measureFrom = recorder.measureFrom;
    AtomicLong measureUntil = recorder.measureUntil;
    AtomicLongArray worstBySecond = recorder.worstBySecond;
    System.out.printf("%s %s: %d peers connected and synced%n", name, label, clients.size());

    AtomicInteger keystrokes = new AtomicInteger();
    AtomicInteger measuredKeystrokes = new AtomicInteger();
    ScheduledExecutorService typists = Executors.newScheduledThreadPool(4);
    Random random = new Random(7);
    long period = 1_000_000_000L / rate;
    for (int i = 0; i < writers; i++) {
      LoadPeers.Peer c = clients.get(i);
      long[] times = recorder.sent.get(c.clientId());
      AtomicInteger clock = new AtomicInteger();
      typists.scheduleAtFixedRate(
          () -> {
            int k = clock.getAndIncrement();
            if (k >= times.length) {
              return;
            }
            long now = System.nanoTime();
            times[k] = now;
            c.append(Character.toString('a' + (k % 26)));
            keystrokes.incrementAndGet();
            if (now >= measureFrom.get() && now < measureUntil.get()) {
              measuredKeystrokes.incrementAndGet();
            }
          },
          (long) (random.nextDouble() * period),
          period,
          TimeUnit.NANOSECONDS);
    }
    Thread.sleep(warmup * 1000L); // JIT compilation (both servers), first compactions
    long cpuBefore = server.cpuNanos();
    long harnessBefore = harnessCpuNanos();
    long start = System.nanoTime();
    measureUntil.set(start + seconds * 1_000_000_000L);
    measureFrom.set(start);
    Thread.sleep(seconds * 1000L);
    long cpu = server.cpuNanos() - cpuBefore;
    long harness = harnessCpuNanos() - harnessBefore;
    long wall = System.nanoTime() - start;
    typists.shutdownNow();
    System.out.printf(
        "%s %s: the harness itself used %.0f %% of a core%n", name, label, 100.0 * harness / wall);
    Thread.sleep(2_000); // keystrokes of the window still in flight may arrive
    int perRoomReceivers = writers == peers ? peers / rooms - 1 : peers - 1;
    long expected = (long) measuredKeystrokes.get() * perRoomReceivers;
    Result r =
        new Result(
            label,
            name,
            measuredKeystrokes.get(),
            latencies.count(),
            expected,
            latencies.percentile(0.50),
            latencies.percentile(0.99),
            latencies.percentile(1.0),
            cpu / (double) wall,
            wall / 1e9);
    System.out.println(r.row());
    StringBuilder timeline = new StringBuilder();
    for (int i = 0; i < worstBySecond.length(); i++) {
      timeline.append(i == 0 ? "" : " ").append(worstBySecond.get(i) / 1_000_000);
    }
    System.out.printf("%s %s: slowest delivery per second, ms: %s%n", name, label, timeline);
    return r;
  }

  private static long harnessCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Figures of one scenario against one server. */
  private record Result(
      String scenario,
      String server,
      int keystrokes,
      long deliveries,
      long expected,
      double p50,
      double p99,
      double max,
      double cpuCores,
      double seconds) {

    double deliveriesPerSecond() {
      return deliveries / seconds;
    }

    String row() {
      return String.format(
          "| %s | %s | %d | %d | %.1f %% | %.1f ms | %.1f ms | %.0f ms | %.0f %% of a core |",
          scenario,
          server,
          keystrokes,
          deliveries,
          expected == 0 ? 0 : 100.0 * deliveries / expected,
          p50,
          p99,
          max,
          100 * cpuCores);
    }
  }

  /** What was typed when, and when it arrived where. */
  private static final class Recorder {
    final Latencies latencies = new Latencies(20_000_000);
    // The slowest delivery of the keystrokes typed in each second: shows whether a tail is spread
    // out or comes in bursts.
    final AtomicLongArray worstBySecond;
    // Per writer, when its keystroke number k (= its clock k) was typed.
    final Map<Long, long[]> sent = new ConcurrentHashMap<>();
    final int capacity;
    // Keystrokes typed inside [measureFrom, measureUntil) count, whenever they arrive.
    final AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong measureUntil = new AtomicLong(Long.MAX_VALUE);

    Recorder(int seconds, int capacity) {
      this.worstBySecond = new AtomicLongArray(seconds);
      this.capacity = capacity;
    }

    void typist(long clientId) {
      sent.put(clientId, new long[capacity]);
    }

    /**
     * Each keystroke is one character, one clock of its writer: the clock ranges of a relayed
     * update (several, when the server merged updates for a peer behind) name the keystrokes.
     */
    void arrived(LoadPeers.Peer peer, byte[] update, long at) {
      Updates.UpdateMeta meta = Updates.parseUpdateMeta(update);
      meta.from()
          .forEach(
              (client, from) -> {
                long[] times = sent.get(client);
                // The reference server echoes an update to its sender too: not a delivery.
                if (times == null || client == peer.clientId()) {
                  return;
                }
                long to = Math.min(meta.to().get(client), times.length);
                for (long clock = from; clock < to; clock++) {
                  long typed = times[(int) clock];
                  if (typed != 0 && typed >= measureFrom.get() && typed < measureUntil.get()) {
                    latencies.add(at - typed);
                    int second = (int) ((typed - measureFrom.get()) / 1_000_000_000L);
                    if (second < worstBySecond.length()) {
                      worstBySecond.accumulateAndGet(second, at - typed, Math::max);
                    }
                  }
                }
              });
    }
  }

  /** Latencies in nanoseconds, lock-free append. */
  private static final class Latencies {
    private final long[] values;
    private final AtomicInteger size = new AtomicInteger();

    Latencies(int capacity) {
      values = new long[capacity];
    }

    void add(long nanos) {
      int i = size.getAndIncrement();
      if (i < values.length) {
        values[i] = nanos;
      }
    }

    long count() {
      return Math.min(size.get(), values.length);
    }

    /** In milliseconds. */
    double percentile(double p) {
      int n = (int) count();
      if (n == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      int index = (int) Math.min(n - 1, Math.ceil(p * n) - 1);
      return sorted[Math.max(0, index)] / 1e6;
    }
  }

  /** A server under test, running as its own process. */
  private static final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Function<String, URI> rooms;

    private ServerProcess(Process process, Function<String, URI> rooms) {
      this.process = process;
      this.rooms = rooms;
    }

    URI room(String name) {
      return rooms.apply(name);
    }

    long cpuNanos() {
      long total = process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
      for (ProcessHandle child : process.descendants().toList()) {
        total += child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
      }
      return total;
    }

    /** The packaged jar on a fresh home; one workspace whose files are the rooms. */
    static ServerProcess atelier(String jvmOptions) throws Exception {
      if (!Files.isRegularFile(JAR)) {
        throw new IllegalStateException(
            JAR.toAbsolutePath() + " is missing: mvn -pl ide-server -am package -DskipTests");
      }
      Path home = Files.createTempDirectory("atelier-collab-bench-");
      String token = "atl_collab-bench-" + UUID.randomUUID();
      int port = freePort();
      int management = freePort();
      List<String> command = new ArrayList<>();
      command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      for (String option : jvmOptions.trim().split("\\s+")) {
        if (!option.isEmpty()) {
          command.add(option); // e.g. a flight recording of the server alone
        }
      }
      command.addAll(
          List.of(
              "-jar",
              JAR.toAbsolutePath().toString(),
              "--server.port=" + port,
              "--management.server.port=" + management,
              "--atelier.admin.token=" + token));
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("ATELIER_HOME", home.toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(home.resolve("server.log").toFile());
      Process process = pb.start();
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      awaitHttp(process, URI.create("http://127.0.0.1:" + management + "/live"), home);
      JsonNode created =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/workspaces"))
                          .header("Authorization", "Bearer " + token)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString("{\"stack\":\"python\"}"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      String id = created.path("id").asText();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (true) {
        String phase =
            JSON.readTree(
                    http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/workspaces/" + id))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("phase")
                .asText();
        if (phase.equals("RUNNING")) {
          break;
        }
        if (System.nanoTime() > deadline || phase.equals("FAILED")) {
          throw new IllegalStateException("benchmark workspace is " + phase);
        }
        Thread.sleep(200);
      }
      System.out.println("Atelier server up (home " + home + ")");
      return new ServerProcess(
          process,
          room ->
              URI.create(
                  "ws://127.0.0.1:" + port + "/collab/" + id + "/" + room + "?token=" + token));
    }

    /** {@code @y/websocket-server} under node ({@code npm ci} in src/test/yjs-server first). */
    static ServerProcess reference() throws Exception {
      if (!Files.isDirectory(REFERENCE.resolve("node_modules"))) {
        Process npm =
            new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(REFERENCE.toFile())
                .inheritIO()
                .start();
        if (npm.waitFor() != 0) {
          throw new IllegalStateException("npm ci in " + REFERENCE + " failed");
        }
      }
      int port = freePort();
      ProcessBuilder pb =
          new ProcessBuilder("node", "node_modules/@y/websocket-server/src/server.js")
              .directory(REFERENCE.toFile());
      pb.environment().put("HOST", "127.0.0.1");
      pb.environment().put("PORT", Integer.toString(port));
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process process = pb.start();
      awaitHttp(process, URI.create("http://127.0.0.1:" + port + "/"), null);
      System.out.println("reference y-websocket server up");
      return new ServerProcess(process, room -> URI.create("ws://127.0.0.1:" + port + "/" + room));
    }

    private static void awaitHttp(Process process, URI uri, Path home) throws Exception {
      try {
        awaitHttpOrFail(process, uri, home);
      } catch (Exception | Error e) {
        process.destroyForcibly(); // never leave a half-started server behind
        throw e;
      }
    }

    private static void awaitHttpOrFail(Process process, URI uri, Path home) throws Exception {
      // HTTP/1.1: node's server would take an h2c upgrade request for a WebSocket upgrade.
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "server exited while starting" + (home == null ? "" : "; see " + home));
        }
        try {
          if (http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(250);
      }
      throw new IllegalStateException(uri + " did not answer in time");
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      }
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
