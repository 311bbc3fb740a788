package dev.atelier.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.server.AtelierApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures create → RUNNING as a client sees it: {@code POST /api/workspaces} until the {@code
 * RUNNING} frame arrives on {@code /api/events}, for N workspaces started one after another from a
 * stack without init commands (default {@code python}), then prints p50/p95/max. Not a test.
 *
 * <p>Without arguments it boots the server in-process on a temporary {@code ATELIER_HOME} (random
 * ports, H2, the local runtime). With {@code --url=http://host:8080 --token=atl_…} it measures a
 * server that is already running. Other options: {@code --count=20}, {@code --stack=python}, {@code
 * --warmup=2}. Workspaces it creates are deleted at the end. See ide-server/README.md.
 */
public final class WorkspaceStartBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BENCH_TOKEN = "atl_workspace-start-benchmark-token";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String token;
  private final Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();

  private WorkspaceStartBenchmark(String base, String token) {
    this.base = base;
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("options look like --name=value, got " + arg);
      }
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    int count = Integer.parseInt(options.getOrDefault("count", "20"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
    String stack = options.getOrDefault("stack", "python");

    ConfigurableApplicationContext app = null;
    Path home = null;
    String url = options.get("url");
    String token = options.get("token");
    if (url == null) {
      home = Files.createTempDirectory("atelier-bench-");
      app =
          SpringApplication.run(
              AtelierApplication.class,
              "--atelier.home=" + home,
              "--server.port=0",
              "--management.server.port=0",
              "--atelier.admin.password=benchmark-password",
              "--atelier.admin.token=" + BENCH_TOKEN,
              "--spring.main.banner-mode=off",
              "--logging.level.dev.atelier=WARN");
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      url = "http://localhost:" + port;
      token = BENCH_TOKEN;
      System.out.println("Booted the server in-process on " + url + ", ATELIER_HOME=" + home);
    } else if (token == null) {
      throw new IllegalArgumentException("--url needs --token=<API token>");
    }
    try {
      new WorkspaceStartBenchmark(url, token).run(stack, warmup, count);
    } finally {
      if (app != null) {
        app.close();
      }
      if (home != null) {
        try (var files = Files.walk(home)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private void run(String stack, int warmup, int count) throws Exception {
    JsonNode definition =
        JSON.readTree(send(HttpRequest.newBuilder(uri("/api/stacks/" + stack)).GET(), 200));
    if (!definition.path("postCreateCommand").isNull()
        || !definition.path("postStartCommand").isNull()) {
      throw new IllegalArgumentException(
          "stack "
              + stack
              + " has init commands; the benchmark"
              + " measures start overhead, choose a stack without postCreate/postStart");
    }
    WebSocket socket =
        http.newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .buildAsync(
                URI.create(base.replaceFirst("^http", "ws") + "/api/events"), new Listener())
            .get(10, TimeUnit.SECONDS);
    List<String> created = new ArrayList<>();
    List<Double> millis = new ArrayList<>();
    try {
      for (int i = 0; i < warmup + count; i++) {
        long t0 = System.nanoTime();
        JsonNode ws =
            JSON.readTree(
                send(
                    HttpRequest.newBuilder(uri("/api/workspaces"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"stack\":\"" + stack + "\"}")),
                    201));
        String id = ws.path("id").asText();
        created.add(id);
        long t1 = future(id).get(120, TimeUnit.SECONDS);
        if (i >= warmup) {
          millis.add((t1 - t0) / 1e6);
        }
      }
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      for (String id : created) {
        send(HttpRequest.newBuilder(uri("/api/workspaces/" + id)).DELETE(), 204);
      }
    }
    Collections.sort(millis);
    System.out.printf(
        "create -> RUNNING, stack %s, %d workspaces (after %d warm-up):%n", stack, count, warmup);
    System.out.printf(
        "  p50 %.0f ms   p95 %.0f ms   min %.0f ms   max %.0f ms%n",
        percentile(millis, 50),
        percentile(millis, 95),
        millis.get(0),
        millis.get(millis.size() - 1));
  }

  private CompletableFuture<Long> future(String id) {
    return running.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      long now = System.nanoTime();
      text.append(data);
      if (last) {
        try {
          JsonNode frame = JSON.readTree(text.toString());
          String phase = frame.path("phase").asText();
          String id = frame.path("workspaceId").asText();
          if (phase.equals("RUNNING")) {
            future(id).complete(now);
          } else if (phase.equals("FAILED")) {
            future(id)
                .completeExceptionally(
                    new IllegalStateException(
                        "workspace " + id + " failed: " + frame.path("conditions")));
          }
        } catch (Exception e) {
          System.err.println("unreadable frame: " + text);
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private String send(HttpRequest.Builder request, int expected) throws Exception {
    HttpResponse<String> response =
        http.send(
            request
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          request.build().method()
              + " "
              + request.build().uri()
              + " -> "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.body();
  }
}
