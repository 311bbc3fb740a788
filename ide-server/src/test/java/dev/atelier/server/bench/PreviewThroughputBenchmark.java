package dev.atelier.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.server.AtelierApplication;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Preview throughput: downloads a 10 MB file from a server inside a workspace ({@code python3 -m
 * http.server}) through the preview (its own host, with the preview cookie "Open preview" hands
 * out; the proxy reaches the workspace through its agent) and, as the reference, from the same
 * program serving the same file directly on the host's loopback, alternating, in the same run, and
 * prints MB/s for both and their ratio. Not a test.
 *
 * <p>Boots the server in-process on a temporary {@code ATELIER_HOME} (random ports, H2, the local
 * runtime). Options: {@code --rounds=20 --warmup=5 --size-mb=10}. See ide-server/README.md.
 */
public final class PreviewThroughputBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "atl_preview-throughput-benchmark-token";
  private static final String PASSWORD = "benchmark-password";

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;

  private PreviewThroughputBenchmark(String base) {
    this.base = base;
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
    // the preview host is named in Host while requests go to the server's loopback port
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "20"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
    int sizeMb = Integer.parseInt(options.getOrDefault("size-mb", "10"));

    Path home = Files.createTempDirectory("atelier-bench-");
    ConfigurableApplicationContext app =
        SpringApplication.run(
            AtelierApplication.class,
            "--atelier.home=" + home,
            "--server.port=0",
            "--management.server.port=0",
            "--atelier.admin.password=" + PASSWORD,
            "--atelier.admin.token=" + TOKEN,
            "--spring.main.banner-mode=off",
            "--logging.level.dev.atelier=WARN");
    ExecProcess server = null;
    Process reference = null;
    try {
      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      PreviewThroughputBenchmark bench = new PreviewThroughputBenchmark("http://localhost:" + port);
      String id = bench.workspace();
      Path file = home.resolve("workspaces").resolve(id).resolve("big.bin");
      byte[] data = new byte[sizeMb * 1024 * 1024];
      new Random(1).nextBytes(data);
      Files.write(file, data);
      int appPort = freePort();
      WorkspaceRuntime runtime = app.getBean(WorkspaceRuntime.class);
      server =
          runtime.exec(
              id,
              new ExecRequest(
                  List.of("python3", "-m", "http.server", "--bind", "127.0.0.1", "" + appPort),
                  Map.of(),
                  null,
                  null));
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (runtime.listeningPorts(id).stream().noneMatch(p -> p.port() == appPort)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("http.server did not start in the workspace");
        }
        Thread.sleep(100);
      }
      String cookie = bench.previewCookie(bench.login(), id, appPort);
      // The reference: the same program serving the same file on the host's loopback (the host
      // cannot reach the workspace's own loopback: it has a network namespace of its own).
      Path hostCopy = Files.createDirectories(home.resolve("host-copy"));
      Files.write(hostCopy.resolve("big.bin"), data);
      int hostPort = freePort();
      reference =
          new ProcessBuilder("python3", "-m", "http.server", "--bind", "127.0.0.1", "" + hostPort)
              .directory(hostCopy.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      awaitAccepting(hostPort);
      URI direct = URI.create("http://127.0.0.1:" + hostPort + "/big.bin");
      URI proxied = URI.create(bench.base + "/big.bin");
      bench.previewHost = appPort + "-" + id + ".localhost:" + port;
      bench.run(direct, proxied, cookie, data.length, warmup, rounds);
    } finally {
      if (server != null) {
        server.kill();
      }
      if (reference != null) {
        reference.destroyForcibly();
      }
      app.close();
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void run(URI direct, URI proxied, String cookie, long size, int warmup, int rounds)
      throws Exception {
    List<Double> directMbps = new ArrayList<>();
    List<Double> proxyMbps = new ArrayList<>();
    List<Double> directHead = new ArrayList<>();
    List<Double> proxyHead = new ArrayList<>();
    for (int i = 0; i < warmup + rounds; i++) {
      Sample d = download(direct, null, size);
      Sample p = download(proxied, cookie, size);
      if (i >= warmup) {
        directMbps.add(d.mbps());
        proxyMbps.add(p.mbps());
        directHead.add(d.headMillis());
        proxyHead.add(p.headMillis());
      }
    }
    for (List<Double> list : List.of(directMbps, proxyMbps, directHead, proxyHead)) {
      Collections.sort(list);
    }
    double directMedian = directMbps.get(directMbps.size() / 2);
    double proxyMedian = proxyMbps.get(proxyMbps.size() / 2);
    System.out.printf(
        "%.0f MB download, %d rounds (after %d warm-up), alternating:%n",
        size / 1e6, rounds, warmup);
    System.out.printf(
        "  direct loopback  median %7.1f MB/s   (min %.1f, max %.1f)%n",
        directMedian, directMbps.get(0), directMbps.get(directMbps.size() - 1));
    System.out.printf(
        "  through preview  median %7.1f MB/s   (min %.1f, max %.1f)%n",
        proxyMedian, proxyMbps.get(0), proxyMbps.get(proxyMbps.size() - 1));
    System.out.printf("  ratio preview/direct %.0f %%%n", 100 * proxyMedian / directMedian);
    System.out.printf(
        "  time to the response head, median: direct %.1f ms, through preview %.1f ms%n",
        directHead.get(directHead.size() / 2), proxyHead.get(proxyHead.size() / 2));
  }

  /** One download, read to the end and counted; MB/s (10^6 bytes) from request to last byte. */
  private Sample download(URI uri, String cookie, long size) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (cookie != null) {
      request.header("Cookie", cookie).header("Host", previewHost);
    }
    long t0 = System.nanoTime();
    HttpResponse<InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    long head = System.nanoTime() - t0;
    long total = 0;
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
    }
    long nanos = System.nanoTime() - t0;
    if (response.statusCode() != 200 || total != size) {
      throw new IllegalStateException(
          uri + " -> " + response.statusCode() + ", " + total + " of " + size + " bytes");
    }
    return new Sample(total / 1e6 / (nanos / 1e9), head / 1e6);
  }

  /** One download: MB/s over the whole exchange, and ms until the response head arrived. */
  private record Sample(double mbps, double headMillis) {}

  private String workspace() throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/workspaces"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stack\":\"python\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String id = JSON.readTree(created.body()).path("id").asText();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode ws =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/workspaces/" + id))
                          .header("Authorization", "Bearer " + TOKEN)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      if (ws.path("phase").asText().equals("RUNNING")) {
        return id;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("workspace " + id + " did not start");
  }

  /** The preview host the proxied downloads name (requests go to the server's loopback port). */
  private String previewHost;

  /**
   * "Open preview" as the signed-in admin: the IDE answers with a one-time ticket for the preview
   * host, which the preview host exchanges for its own cookie.
   */
  private String previewCookie(String session, String id, int appPort) throws Exception {
    HttpResponse<String> open =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/w/" + id + "/port/" + appPort + "/"))
                .header("Cookie", session)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    URI ticket = URI.create(open.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> redeemed =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base + ticket.getRawPath() + "?" + ticket.getRawQuery()))
                .header("Host", ticket.getRawAuthority())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    for (String header : redeemed.headers().allValues("Set-Cookie")) {
      if (header.startsWith("atelier_preview=")) {
        return header.substring(0, header.indexOf(';'));
      }
    }
    throw new IllegalStateException("no preview cookie: " + redeemed.statusCode());
  }

  private static void awaitAccepting(int port) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the reference server did not start");
        }
        Thread.sleep(100);
      }
    }
  }

  /** Form login as the admin (the preview takes the browser session, not tokens). */
  private String login() throws Exception {
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/login")).build(),
            HttpResponse.BodyHandlers.ofString());
    String cookie = sessionCookie(page);
    Matcher csrf =
        Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(page.body());
    String form =
        "username=admin&password="
            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
            + (csrf.find()
                ? "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                : "");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String renewed = sessionCookie(response);
    if (response.statusCode() != 302) {
      throw new IllegalStateException("login failed: " + response.statusCode());
    }
    return renewed != null ? renewed : cookie;
  }

  private static String sessionCookie(HttpResponse<?> response) {
    for (String header : response.headers().allValues("Set-Cookie")) {
      if (header.startsWith("JSESSIONID=")) {
        return header.substring(0, header.indexOf(';'));
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
