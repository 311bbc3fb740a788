package dev.atelier.gateway.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.gateway.BuiltinStacks;
import dev.atelier.gateway.GatewayOptions;
import dev.atelier.gateway.GatewaySession;
import dev.atelier.gateway.LanguageGateway;
import dev.atelier.gateway.MessageSink;
import dev.atelier.gateway.TestServers;
import dev.atelier.gateway.WorkspaceUris;
import dev.atelier.gateway.spi.DocumentSource;
import dev.atelier.runtime.local.LocalRuntimeOptions;
import dev.atelier.runtime.local.LocalWorkspaceRuntime;
import dev.atelier.runtime.local.SandboxMode;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import dev.atelier.runtime.spi.WorkspaceRuntime;
import dev.atelier.runtime.spi.WorkspaceSpec;
import dev.atelier.stacks.Command;
import dev.atelier.stacks.LanguageServer;
import dev.atelier.stacks.Stack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: measures what the gateway adds to a completion round trip, and how long a language
 * server takes from the first opened document to its first diagnostics, with the real servers in a
 * real local workspace (bubblewrap sandbox when available).
 *
 * <p>Completion: the same request (same file, same position) goes alternately through the gateway
 * (a {@link GatewaySession}: parse, route, remap, translate, serialize) and directly to <em>the
 * same server process</em> over its stdio ({@link SharedProcessTap}); p50/p95 of both and the
 * difference are printed.
 *
 * <p>Run: {@code mvn -q -pl language-gateway test-compile exec:java
 * -Dexec.mainClass=dev.atelier.gateway.bench.CompletionBenchmark -Dexec.classpathScope=test}
 * ({@code -Dbench.iterations=N} changes the number of measured requests per path, {@code
 * -Dbench.sandbox=off} runs the servers without bubblewrap for comparison).
 */
public final class CompletionBenchmark {

  private static final int WARMUP = 20;
  private static final int COLD_STARTS = 3;

  record Language(
      String name,
      Optional<String> missing,
      Stack stack,
      Map<String, String> files,
      String languageId,
      String completionFile,
      int line,
      int character,
      String errorFile,
      String errorText,
      int iterations) {}

  public static void main(String[] args) throws Exception {
    int iterations = Integer.getInteger("bench.iterations", 200);
    Path root = Files.createTempDirectory("atelier-gateway-bench");
    List<String> rows = new ArrayList<>();
    List<String> starts = new ArrayList<>();
    try (LocalWorkspaceRuntime runtime =
        new LocalWorkspaceRuntime(
            LocalRuntimeOptions.of(root)
                .withSandbox(
                    SandboxMode.valueOf(
                        System.getProperty("bench.sandbox", "auto").toUpperCase(Locale.ROOT)))
                .withExtraReadOnlyPaths(List.of(TestServers.jsDir())))) {
      System.out.printf(
          "sandbox: %s, cores: %d, iterations: %d%n",
          runtime.sandboxed() ? "bubblewrap" : "none",
          Runtime.getRuntime().availableProcessors(),
          iterations);
      for (Language language : languages(iterations)) {
        if (language.missing().isPresent()) {
          System.out.println("skipped " + language.name() + ": " + language.missing().get());
          continue;
        }
        String id = "bench" + language.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        runtime
            .start(new WorkspaceSpec(id, "bench", language.stack(), null, Map.of()))
            .get(60, TimeUnit.SECONDS);
        for (var file : language.files().entrySet()) {
          runtime.files(id).write(file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        starts.add(coldStarts(runtime, id, language));
        rows.add(completion(runtime, id, language));
        runtime.stop(id).get(30, TimeUnit.SECONDS);
      }
    }
    System.out.println();
    System.out.println(
        "Start to first diagnostics (open the first file → diagnostics at the client), "
            + COLD_STARTS
            + " cold starts:");
    starts.forEach(System.out::println);
    System.out.println();
    System.out.println("Completion round trip, same server process, same file and position:");
    System.out.printf(
        "%-12s %6s %11s %11s %11s %11s %13s %13s%n",
        "server",
        "n",
        "direct p50",
        "direct p95",
        "gateway p50",
        "gateway p95",
        "overhead p50",
        "paired diff");
    rows.forEach(System.out::println);
  }

  private static List<Language> languages(int iterations) {
    String only = System.getProperty("bench.only", "");
    return languages0(iterations).stream()
        .filter(l -> only.isEmpty() || l.name().equals(only))
        .toList();
  }

  private static List<Language> languages0(int iterations) {
    return List.of(
        new Language(
            "clangd",
            TestServers.missingClangd(),
            BuiltinStacks.catalog().require("c-cpp"),
            Map.of(
                "complete.c", "#include <stdio.h>\n\nint main(void) {\n  pri\n}\n",
                "errors.c", "int main(void) { return undefined_var; }\n"),
            "c",
            "complete.c",
            3,
            5,
            "errors.c",
            "undefined_var",
            iterations),
        new Language(
            "pylsp",
            TestServers.missingPylsp(),
            BuiltinStacks.catalog().require("python"),
            Map.of("complete.py", "import os\nos.pa\n", "errors.py", "print(undefined_name)\n"),
            "python",
            "complete.py",
            1,
            5,
            "errors.py",
            "undefined_name",
            Math.max(10, iterations / 4)),
        new Language(
            "typescript",
            TestServers.missingTypeScript(),
            typescriptStack(),
            Map.of(
                "complete.ts",
                "const s = \"x\";\ns.toUpp\nexport {};\n",
                "errors.ts",
                "const x: number = \"no\";\nexport {};\n"),
            "typescript",
            "complete.ts",
            1,
            7,
            "errors.ts",
            "not assignable",
            iterations));
  }

  private static Stack typescriptStack() {
    Stack node = BuiltinStacks.catalog().require("node");
    List<LanguageServer> servers =
        node.languageServers().stream()
            .map(
                s ->
                    new LanguageServer(
                        s.language(),
                        s.fileGlobs(),
                        Command.argv(
                            List.of(TestServers.typescriptLanguageServer().toString(), "--stdio"))))
            .toList();
    return new Stack(
        node.id(),
        node.name(),
        node.description(),
        node.image(),
        node.containerEnv(),
        node.forwardPorts(),
        node.postCreateCommand(),
        node.postStartCommand(),
        node.tasks(),
        servers,
        node.debugAdapters(),
        node.resources());
  }

  private static LanguageGateway gateway(WorkspaceRuntime runtime, String id, Language language) {
    return new LanguageGateway(
        runtime,
        w -> w.equals(id) ? Optional.of(language.stack()) : Optional.empty(),
        DocumentSource.savedFiles(runtime),
        GatewayOptions.defaults());
  }

  private static String coldStarts(WorkspaceRuntime runtime, String id, Language language)
      throws Exception {
    long[] millis = new long[COLD_STARTS];
    for (int run = 0; run < COLD_STARTS; run++) {
      try (LanguageGateway gateway = gateway(runtime, id, language)) {
        Client client = new Client(gateway, id);
        String uri = WorkspaceUris.clientUri(language.errorFile());
        CompletableFuture<Void> diagnosed = new CompletableFuture<>();
        client.onNotification =
            text -> {
              if (text.contains("publishDiagnostics")
                  && text.contains(uri)
                  && text.contains(language.errorText())) {
                diagnosed.complete(null);
              }
            };
        long start = System.nanoTime();
        client.open(uri, language.languageId(), language.files().get(language.errorFile()));
        diagnosed.get(300, TimeUnit.SECONDS);
        millis[run] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      }
    }
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    return String.format(
        "%-12s median %5d ms (runs: %s)",
        language.name(), sorted[COLD_STARTS / 2], Arrays.toString(millis));
  }

  private static String completion(WorkspaceRuntime local, String id, Language language)
      throws Exception {
    SharedProcessTap tap = new SharedProcessTap(local);
    try (LanguageGateway gateway = gateway(tap, id, language)) {
      Client client = new Client(gateway, id);
      String clientUri = WorkspaceUris.clientUri(language.completionFile());
      client.open(
          clientUri, language.languageId(), language.files().get(language.completionFile()));
      String viaGateway = request(clientUri, language, "N");
      // The first answers may be empty while the server loads the project.
      for (int i = 0; i < 600 && client.request(viaGateway).contains("\"items\":[]"); i++) {
        Thread.sleep(100);
      }
      Direct direct = new Direct(tap.last);
      String serverUri =
          new WorkspaceUris(workspaceFolder(local, id)).serverUri(language.completionFile());
      long[] gatewayNanos = new long[language.iterations()];
      long[] directNanos = new long[language.iterations()];
      for (int i = -WARMUP; i < language.iterations(); i++) {
        boolean gatewayFirst = (i & 1) == 0;
        long a = 0;
        long b = 0;
        for (int k = 0; k < 2; k++) {
          if ((k == 0) == gatewayFirst) {
            long start = System.nanoTime();
            String response = client.request(viaGateway);
            a = System.nanoTime() - start;
            check(response, language);
          } else {
            long start = System.nanoTime();
            String response = direct.request(serverUri, language);
            b = System.nanoTime() - start;
            check(response, language);
          }
        }
        if (i >= 0) {
          gatewayNanos[i] = a;
          directNanos[i] = b;
        }
      }
      double d50 = percentile(directNanos, 50);
      double g50 = percentile(gatewayNanos, 50);
      // Each gateway request is paired with the direct one next to it: the median of the pairs'
      // differences is robust against the server (or the machine) slowing down during the run.
      long[] differences = new long[gatewayNanos.length];
      for (int i = 0; i < differences.length; i++) {
        differences[i] = gatewayNanos[i] - directNanos[i];
      }
      return String.format(
          "%-12s %6d %8.2f ms %8.2f ms %8.2f ms %8.2f ms %10.2f ms %10.2f ms",
          language.name(),
          language.iterations(),
          d50,
          percentile(directNanos, 95),
          g50,
          percentile(gatewayNanos, 95),
          g50 - d50,
          percentile(differences, 50));
    }
  }

  private static void check(String response, Language language) {
    if (response.contains("\"error\"")) {
      throw new IllegalStateException(language.name() + " completion failed: " + response);
    }
  }

  private static String workspaceFolder(WorkspaceRuntime runtime, String id) throws Exception {
    try (ExecProcess pwd = runtime.exec(id, ExecRequest.of("pwd"))) {
      String out = new String(pwd.stdout().readAllBytes(), StandardCharsets.UTF_8).strip();
      pwd.onExit().get(10, TimeUnit.SECONDS);
      return out;
    }
  }

  private static String request(String uri, Language language, String id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"textDocument/completion\",\"params\":{\"textDocument\":{\"uri\":\""
        + uri
        + "\"},\"position\":{\"line\":"
        + language.line()
        + ",\"character\":"
        + language.character()
        + "}}}";
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1_000_000.0;
  }

  /** A browser-like client: full JSON parse of every message, response futures by id. */
  private static final class Client implements MessageSink {
    private final GatewaySession session;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    volatile java.util.function.Consumer<String> onNotification = text -> {};

    Client(LanguageGateway gateway, String workspaceId) throws Exception {
      this.session = gateway.connect(workspaceId, this);
      request(
          "{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
      session.handleMessage("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
    }

    void open(String uri, String languageId, String text) {
      JsonObject item = new JsonObject();
      item.addProperty("uri", uri);
      item.addProperty("languageId", languageId);
      item.addProperty("version", 1);
      item.addProperty("text", text);
      JsonObject params = new JsonObject();
      params.add("textDocument", item);
      session.handleMessage(
          "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":" + params + "}");
    }

    /** Sends a request (its {@code "id":N} replaced) and waits for the parsed response. */
    String request(String template) throws Exception {
      String id = Integer.toString(ids.incrementAndGet());
      CompletableFuture<String> response = new CompletableFuture<>();
      pending.put(id, response);
      session.handleMessage(template.replace("\"id\":N", "\"id\":" + id));
      return response.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void send(String message) {
      JsonObject parsed = JsonParser.parseString(message).getAsJsonObject();
      if (parsed.has("method")) {
        onNotification.accept(message);
      } else if (parsed.has("id")) {
        CompletableFuture<String> response = pending.remove(parsed.get("id").getAsString());
        if (response != null) {
          response.complete(message);
        }
      }
    }
  }

  /** Requests straight to the server's stdin, responses straight from its stdout, same parsing. */
  private static final class Direct {
    private final SharedProcessTap.Tapped tap;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    Direct(SharedProcessTap.Tapped tap) {
      this.tap = tap;
      tap.benchResponses =
          text -> {
            JsonObject parsed = JsonParser.parseString(text).getAsJsonObject();
            CompletableFuture<String> response = pending.remove(parsed.get("id").getAsString());
            if (response != null) {
              response.complete(text);
            }
          };
    }

    String request(String serverUri, Language language) throws Exception {
      String id = "bench-" + ids.incrementAndGet();
      CompletableFuture<String> response = new CompletableFuture<>();
      pending.put(id, response);
      tap.write(CompletionBenchmark.request(serverUri, language, "\"" + id + "\""));
      return response.get(60, TimeUnit.SECONDS);
    }
  }
}
