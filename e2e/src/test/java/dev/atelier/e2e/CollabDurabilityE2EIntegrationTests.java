package dev.atelier.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atelier.collab.client.CollabClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nothing acknowledged is lost when the server dies: several Java y-websocket clients type into two
 * shared files of the packaged server (a separate JVM), the JVM is killed with SIGKILL in the
 * middle of it, restarted on the same {@code ATELIER_HOME}, and a fresh client must find every
 * acknowledged edit. Ten rounds, on the same documents.
 *
 * <p><b>Acknowledged</b> means: some client received the update from the server (as a relayed
 * update or in a sync step 2). The server relays an update only after appending it to the
 * document's log and forcing the log to disk, so everything a client received must survive. Each
 * client keeps a replica built only from what the server sent ({@link
 * CollabClient#acknowledgedText}); every token in any of those replicas must be in the recovered
 * document. Edits a client typed that no one received may be lost (the client would resend them on
 * reconnect, which this test deliberately does not do: the fresh client checks the server alone).
 * The recovered document must also reach the workspace file (the crash may have hit before the
 * debounced write).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollabDurabilityE2EIntegrationTests {

  private static final String ADMIN_TOKEN = "atl_e2e-collab-" + UUID.randomUUID();
  private static final int ROUNDS = Integer.getInteger("collab.durability.rounds", 10);
  private static final List<String> FILES = List.of("src/shared.txt", "notes/second.md");
  private static final int CLIENTS_PER_FILE = 3;
  private static final Pattern TOKEN = Pattern.compile("\\[(c\\d+r\\d+n\\d+)\\]");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private Path home;
  private AtelierServer server;
  private String workspaceId;

  @BeforeAll
  void startServer() throws Exception {
    home = AtelierServer.newHome("atelier-collab-home-");
    server = start();
    // Bound to this first server process: only the set-up talks REST.
    E2E.Api api = new E2E.Api(server, ADMIN_TOKEN);
    workspaceId = api.createWorkspace("python", "durability");
    api.awaitRunning(workspaceId);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Starts the workspace on the restarted server: its files (and so its documents) are reached
   * through the agent inside it, which a killed server took down with the sandbox. The edits
   * themselves were already safe in the collaboration log.
   */
  private void startWorkspace() throws Exception {
    E2E.Api api = new E2E.Api(server, ADMIN_TOKEN);
    String phase =
        api.request("GET", "/api/workspaces/" + workspaceId, null).path("phase").asText();
    if (phase.equals("STOPPED") || phase.equals("FAILED")) {
      api.request("POST", "/api/workspaces/" + workspaceId + "/start", null);
    }
    api.awaitRunning(workspaceId);
  }

  private AtelierServer start() throws Exception {
    // C1 only: the server restarts ten times and start-up time dominates this test.
    return AtelierServer.start(
        home,
        Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1"),
        List.of("--atelier.admin.token=" + ADMIN_TOKEN));
  }

  @Test
  void everyAcknowledgedEditSurvivesKillDashNine() throws Exception {
    Random random = new Random(42);
    int totalAcknowledged = 0;
    int totalTyped = 0;
    for (int round = 0; round < ROUNDS; round++) {
      List<CollabClient> clients = new ArrayList<>();
      List<List<CollabClient>> byFile = new ArrayList<>();
      for (String file : FILES) {
        List<CollabClient> room = new ArrayList<>();
        for (int i = 0; i < CLIENTS_PER_FILE; i++) {
          CollabClient c = connect(file);
          room.add(c);
          clients.add(c);
        }
        byFile.add(room);
      }
      AtomicBoolean typing = new AtomicBoolean(true);
      int[] typed = new int[clients.size()];
      List<Thread> writers = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        int index = i;
        int r = round;
        CollabClient c = clients.get(i);
        Random own = new Random(random.nextLong());
        Thread t =
            new Thread(
                () -> {
                  int n = 0;
                  while (typing.get() && c.isOpen()) {
                    String token = "[c" + index + "r" + r + "n" + n++ + "]";
                    c.edit(
                        d -> {
                          var text = d.getText("content");
                          text.insert(boundary(text.toString(), own), token);
                        });
                    typed[index]++;
                    sleepQuietly(2 + own.nextInt(6));
                  }
                },
                "typist-" + i);
        t.start();
        writers.add(t);
      }
      Thread.sleep(400 + random.nextInt(1200)); // the kill lands at a random moment of the typing
      server.kill();
      typing.set(false);
      for (Thread t : writers) {
        t.join(10_000);
      }

      List<Set<String>> acknowledged = new ArrayList<>();
      for (List<CollabClient> room : byFile) {
        Set<String> tokens = new TreeSet<>();
        for (CollabClient c : room) {
          tokens.addAll(tokens(c.acknowledgedText()));
          c.abort();
        }
        acknowledged.add(tokens);
      }

      server = start();
      startWorkspace();
      for (int f = 0; f < FILES.size(); f++) {
        CollabClient fresh = connect(FILES.get(f));
        String recovered = fresh.text();
        Set<String> missing = new TreeSet<>(acknowledged.get(f));
        missing.removeAll(tokens(recovered));
        assertThat(missing)
            .as("round %d, %s: acknowledged edits missing after kill -9", round, FILES.get(f))
            .isEmpty();
        Path file = home.resolve("workspaces").resolve(workspaceId).resolve(FILES.get(f));
        awaitFile(file, fresh);
        fresh.close();
        totalAcknowledged += acknowledged.get(f).size();
      }
      int roundTyped = 0;
      for (int n : typed) {
        roundTyped += n;
      }
      totalTyped += roundTyped;
      String marker = "r" + round + "n";
      long thisRound =
          acknowledged.stream()
              .flatMap(Set::stream)
              .filter(token -> token.contains(marker))
              .count();
      System.out.printf(
          "round %d: typed %d tokens, %d of them acknowledged before the kill (%d in the rooms),"
              + " 0 lost%n",
          round, roundTyped, thisRound, acknowledged.stream().mapToInt(Set::size).sum());
      assertThat(acknowledged.stream().mapToInt(Set::size).sum())
          .as("round %d acknowledged something (else the test proves nothing)", round)
          .isPositive();
    }
    System.out.printf(
        "%d rounds: %d tokens typed, %d acknowledged (cumulative per room), 0 lost%n",
        ROUNDS, totalTyped, totalAcknowledged);
  }

  /** The recovered document reaches the workspace file (written after the restart if needed). */
  private void awaitFile(Path file, CollabClient fresh) {
    String expected = fresh.text();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(
                        Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null)
                    .as("%s after recovery", file)
                    .isEqualTo(expected));
  }

  private CollabClient connect(String file) throws Exception {
    URI uri =
        URI.create(
            "ws://localhost:"
                + server.port()
                + "/collab/"
                + workspaceId
                + "/"
                + file
                + "?token="
                + ADMIN_TOKEN);
    return CollabClient.connect(http, uri, Map.of())
        .get(30, TimeUnit.SECONDS)
        .awaitSynced(Duration.ofSeconds(30));
  }

  /** A random position between tokens (never inside one, so tokens stay readable). */
  private static int boundary(String text, Random random) {
    List<Integer> cuts = new ArrayList<>();
    cuts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ']') {
        cuts.add(i + 1);
      }
    }
    return cuts.get(random.nextInt(cuts.size()));
  }

  private static Set<String> tokens(String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
