package dev.atelier.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A scripted LSP client of the gateway, standing in for a browser editor: sends JSON-RPC text to a
 * {@link GatewaySession} and records everything the session sends back.
 */
public final class TestClient implements MessageSink {

  private final List<JsonObject> received = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private GatewaySession session;
  private volatile boolean sinkClosed;

  public static TestClient connect(LanguageGateway gateway, String workspaceId) {
    TestClient client = new TestClient();
    client.session = gateway.connect(workspaceId, client);
    return client;
  }

  public GatewaySession session() {
    return session;
  }

  @Override
  public void send(String message) {
    JsonObject parsed = JsonParser.parseString(message).getAsJsonObject();
    synchronized (received) {
      received.add(parsed);
      received.notifyAll();
    }
  }

  @Override
  public void close() {
    sinkClosed = true;
  }

  public boolean sinkClosed() {
    return sinkClosed;
  }

  /** initialize + initialized, as an editor does on connect. */
  public JsonObject handshake() {
    JsonObject result =
        request("initialize", json("{\"capabilities\":{}}")).getAsJsonObject("result");
    notify("initialized", new JsonObject());
    return result;
  }

  public void open(String uri, String languageId, String text) {
    JsonObject item = new JsonObject();
    item.addProperty("uri", uri);
    item.addProperty("languageId", languageId);
    item.addProperty("version", 1);
    item.addProperty("text", text);
    JsonObject params = new JsonObject();
    params.add("textDocument", item);
    notify("textDocument/didOpen", params);
  }

  public void close(String uri) {
    notify("textDocument/didClose", json("{\"textDocument\":{\"uri\":\"" + uri + "\"}}"));
  }

  public void notify(String method, JsonElement params) {
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", "2.0");
    message.addProperty("method", method);
    message.add("params", params);
    session.handleMessage(message.toString());
  }

  /** Sends a request and returns its id without waiting. */
  public int sendRequest(String method, JsonElement params) {
    int id = ids.incrementAndGet();
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", "2.0");
    message.addProperty("id", id);
    message.addProperty("method", method);
    message.add("params", params);
    session.handleMessage(message.toString());
    return id;
  }

  /** Sends a request and waits up to 30 s for its response (result or error). */
  public JsonObject request(String method, JsonElement params) {
    return request(method, params, Duration.ofSeconds(30));
  }

  public JsonObject request(String method, JsonElement params, Duration timeout) {
    int id = sendRequest(method, params);
    return awaitResponse(id, timeout);
  }

  public JsonObject awaitResponse(Object id, Duration timeout) {
    String key = id instanceof String s ? "\"" + s + "\"" : id.toString();
    return await(
        m -> m.has("id") && !m.has("method") && m.get("id").toString().equals(key),
        timeout,
        "a response to request " + key);
  }

  /** Waits for the first message (already received or not) matching the predicate. */
  public JsonObject await(Predicate<JsonObject> predicate, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        for (JsonObject message : received) {
          if (predicate.test(message)) {
            return message;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "timed out after "
                  + timeout.toMillis()
                  + " ms waiting for "
                  + what
                  + "; received "
                  + received);
        }
        try {
          received.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  /** Waits until at least {@code count} messages match. */
  public List<JsonObject> awaitCount(
      Predicate<JsonObject> predicate, int count, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        List<JsonObject> matching = received.stream().filter(predicate).toList();
        if (matching.size() >= count) {
          return matching;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "timed out waiting for " + count + " × " + what + "; received " + received);
        }
        try {
          received.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  public List<JsonObject> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  public List<JsonObject> notifications(String method) {
    synchronized (received) {
      return received.stream()
          .filter(m -> m.has("method") && m.get("method").getAsString().equals(method))
          .toList();
    }
  }

  /** The publishDiagnostics notifications for one URI, in arrival order. */
  public List<JsonObject> diagnosticsFor(String uri) {
    return notifications("textDocument/publishDiagnostics").stream()
        .filter(m -> m.getAsJsonObject("params").get("uri").getAsString().equals(uri))
        .toList();
  }

  public static Predicate<JsonObject> diagnosticsMatching(String uri, Predicate<String> message) {
    return m ->
        m.has("method")
            && m.get("method").getAsString().equals("textDocument/publishDiagnostics")
            && m.getAsJsonObject("params").get("uri").getAsString().equals(uri)
            && m.getAsJsonObject("params").getAsJsonArray("diagnostics").asList().stream()
                .anyMatch(d -> message.test(d.getAsJsonObject().get("message").getAsString()));
  }

  public static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  /** A position request's params. */
  public static JsonObject at(String uri, int line, int character) {
    return json(
        "{\"textDocument\":{\"uri\":\""
            + uri
            + "\"},\"position\":{\"line\":"
            + line
            + ",\"character\":"
            + character
            + "}}");
  }

  public static void assertNoError(JsonObject response) {
    assertThat(response.has("error")).as("error in %s", response).isFalse();
  }
}
