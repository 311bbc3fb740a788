package dev.atelier.server.language;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A minimal LSP client over {@code /lsp/{workspaceId}} for the tests: frames in, JSON out. */
final class LspSocketClient implements AutoCloseable {

  private final ObjectMapper json;
  private final List<JsonNode> received = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private WebSocket socket;

  private LspSocketClient(ObjectMapper json) {
    this.json = json;
  }

  static LspSocketClient connect(HttpClient http, ObjectMapper json, URI uri) throws Exception {
    LspSocketClient client = new LspSocketClient(json);
    client.socket =
        http.newWebSocketBuilder().buildAsync(uri, client.new Listener()).get(10, TimeUnit.SECONDS);
    return client;
  }

  /** {@code initialize} → response → {@code initialized}; returns the initialize result. */
  JsonNode handshake() {
    ObjectNode params = json.createObjectNode();
    params.putNull("processId");
    params.putNull("rootUri");
    params.putObject("capabilities");
    JsonNode result = request("initialize", params, Duration.ofSeconds(20));
    notify("initialized", json.createObjectNode());
    return result;
  }

  void open(String path, String languageId, String text) {
    ObjectNode doc = json.createObjectNode();
    doc.put("uri", "atelier:/" + path).put("languageId", languageId).put("version", 1);
    doc.put("text", text);
    ObjectNode params = json.createObjectNode();
    params.set("textDocument", doc);
    notify("textDocument/didOpen", params);
  }

  /** Sends a request and waits for its response (result or error). */
  JsonNode request(String method, JsonNode params, Duration timeout) {
    int id = ids.incrementAndGet();
    ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("id", id);
    message.put("method", method).set("params", params);
    sendRaw(message.toString());
    return await(m -> m.path("id").isInt() && m.path("id").asInt() == id, timeout, method);
  }

  void notify(String method, JsonNode params) {
    ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", method);
    message.set("params", params);
    sendRaw(message.toString());
  }

  void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** The first message received (before or after the call) that matches. */
  JsonNode await(Predicate<JsonNode> match, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        for (JsonNode m : received) {
          if (match.test(m)) {
            return m;
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || closed.isDone()) {
          throw new AssertionError(
              "no " + what + " (closed: " + closed.getNow(null) + "); received: " + received);
        }
        try {
          received.wait(Math.min(left, 200));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  List<JsonNode> received(Predicate<JsonNode> match) {
    synchronized (received) {
      return received.stream().filter(match).toList();
    }
  }

  /** The close code the server sent, once it did. */
  CompletableFuture<Integer> closed() {
    return closed;
  }

  boolean isOpen() {
    return !closed.isDone() && !socket.isInputClosed();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = json.readTree(text.toString());
          synchronized (received) {
            received.add(message);
            received.notifyAll();
          }
        } catch (Exception e) {
          throw new AssertionError("not JSON: " + text, e);
        } finally {
          text.setLength(0);
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      synchronized (received) {
        received.notifyAll();
      }
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(-1);
    }
  }
}
