package dev.atelier.gateway;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atelier.gateway.protocol.LspFraming;
import dev.atelier.gateway.text.Positions;
import dev.atelier.runtime.spi.ExecProcess;
import dev.atelier.runtime.spi.ExecRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.lsp4j.Position;

/**
 * A scripted language server in the test JVM, behind an {@link ExecProcess}: answers initialize,
 * keeps the documents it is sent (applying incremental changes), publishes one diagnostic per line
 * containing {@code ERROR}, and answers hover, definition, completion, resolve and rename with
 * recognisable results. A hover on a document containing {@code HANG} is never answered (until
 * cancelled). Everything it receives is recorded.
 */
final class FakeLanguageServer implements ExecProcess {

  final ExecRequest request;
  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  final List<JsonObject> answersFromGateway = new CopyOnWriteArrayList<>();
  final Map<String, String> documents = new ConcurrentHashMap<>();
  private final Set<Long> hung = ConcurrentHashMap.newKeySet();
  private final BytePipe stdin = new BytePipe();
  private final BytePipe stdout = new BytePipe();
  private final BytePipe stderr = new BytePipe();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Thread reader;

  FakeLanguageServer(ExecRequest request) {
    this.request = request;
    this.reader = new Thread(this::serve, "fake-lsp");
    reader.setDaemon(true);
    reader.start();
  }

  /** A process that fails at once, like a missing program under {@code sh}. */
  static ExecProcess exitingWith(int code, String stderrText) {
    FakeLanguageServer process = new FakeLanguageServer(ExecRequest.of("missing"));
    try {
      process.stderr.out().write(stderrText.getBytes());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    process.end(code);
    return process;
  }

  private void serve() {
    LspFraming.Reader in = new LspFraming.Reader(stdin.in());
    try {
      String text;
      while ((text = in.next()) != null) {
        JsonObject message = JsonParser.parseString(text).getAsJsonObject();
        received.add(message);
        handle(message);
      }
    } catch (IOException | RuntimeException e) {
      // killed
    }
  }

  private void handle(JsonObject message) {
    if (!message.has("method")) {
      answersFromGateway.add(message);
      return;
    }
    String method = message.get("method").getAsString();
    JsonElement id = message.get("id");
    JsonObject params =
        message.has("params") && message.get("params").isJsonObject()
            ? message.getAsJsonObject("params")
            : new JsonObject();
    switch (method) {
      case "initialize" ->
          respond(
              id,
              TestClient.json(
                  "{\"capabilities\":{\"textDocumentSync\":2,\"hoverProvider\":true,\"definitionProvider\":true,"
                      + "\"renameProvider\":true,\"completionProvider\":{\"resolveProvider\":true}},"
                      + "\"serverInfo\":{\"name\":\"fake\"}}"));
      case "textDocument/didOpen" -> {
        JsonObject item = params.getAsJsonObject("textDocument");
        documents.put(item.get("uri").getAsString(), item.get("text").getAsString());
        publish(item.get("uri").getAsString());
      }
      case "textDocument/didChange" -> {
        String uri = params.getAsJsonObject("textDocument").get("uri").getAsString();
        String text = documents.get(uri);
        for (JsonElement change : params.getAsJsonArray("contentChanges")) {
          JsonObject c = change.getAsJsonObject();
          if (c.has("range")) {
            JsonObject range = c.getAsJsonObject("range");
            int start = Positions.offsetOf(text, position(range.getAsJsonObject("start")));
            int end = Positions.offsetOf(text, position(range.getAsJsonObject("end")));
            text = text.substring(0, start) + c.get("text").getAsString() + text.substring(end);
          } else {
            text = c.get("text").getAsString();
          }
        }
        documents.put(uri, text);
        publish(uri);
      }
      case "textDocument/didClose" -> {
        String uri = params.getAsJsonObject("textDocument").get("uri").getAsString();
        documents.remove(uri);
        notify(
            "textDocument/publishDiagnostics",
            TestClient.json("{\"uri\":\"" + uri + "\",\"diagnostics\":[]}"));
      }
      case "textDocument/hover" -> {
        String uri = params.getAsJsonObject("textDocument").get("uri").getAsString();
        if (documents.getOrDefault(uri, "").contains("HANG")) {
          hung.add(id.getAsLong());
          return;
        }
        JsonObject pos = params.getAsJsonObject("position");
        JsonObject contents = new JsonObject();
        contents.addProperty("kind", "plaintext");
        contents.addProperty(
            "value", "hover " + uri + " " + pos.get("line") + ":" + pos.get("character"));
        JsonObject result = new JsonObject();
        result.add("contents", contents);
        respond(id, result);
      }
      case "textDocument/definition" ->
          respond(
              id,
              JsonParser.parseString(
                  "[{\"uri\":\"file:///workspace/lib/other.py\",\"range\":"
                      + RANGE
                      + "},"
                      + "{\"uri\":\"file:///usr/lib/python3/os.py\",\"range\":"
                      + RANGE
                      + "}]"));
      case "textDocument/completion" -> {
        String uri = params.getAsJsonObject("textDocument").get("uri").getAsString();
        respond(
            id,
            TestClient.json(
                "{\"isIncomplete\":false,\"items\":[{\"label\":\"fakeItem\",\"data\":{\"uri\":\""
                    + uri
                    + "\",\"n\":1}}]}"));
      }
      case "completionItem/resolve" -> {
        JsonObject item = params.deepCopy();
        item.addProperty(
            "detail", "resolved " + item.getAsJsonObject("data").get("uri").getAsString());
        respond(id, item);
      }
      case "textDocument/rename" ->
          respond(
              id,
              TestClient.json(
                  "{\"changes\":{\"file:///workspace/a.py\":[{\"range\":"
                      + RANGE
                      + ",\"newText\":\"x\"}],"
                      + "\"file:///workspace/lib/other.py\":[{\"range\":"
                      + RANGE
                      + ",\"newText\":\"x\"}]}}"));
      case "$/cancelRequest" -> {
        long cancelled = params.get("id").getAsLong();
        if (hung.remove(cancelled)) {
          respondError(new com.google.gson.JsonPrimitive(cancelled), -32800, "cancelled");
        }
      }
      case "shutdown" -> respond(id, JsonNull.INSTANCE);
      case "exit" -> end(0);
      default -> {
        if (id != null) {
          respondError(id, -32601, "unhandled " + method);
        }
      }
    }
  }

  private static final String RANGE =
      "{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":1}}";

  private static Position position(JsonObject json) {
    return new Position(json.get("line").getAsInt(), json.get("character").getAsInt());
  }

  private void publish(String uri) {
    JsonArray diagnostics = new JsonArray();
    String[] lines = documents.get(uri).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains("ERROR")) {
        diagnostics.add(
            TestClient.json(
                "{\"range\":{\"start\":{\"line\":"
                    + i
                    + ",\"character\":0},\"end\":{\"line\":"
                    + i
                    + ",\"character\":5}},\"severity\":1,\"message\":\"error on line "
                    + i
                    + "\","
                    + "\"relatedInformation\":[{\"location\":{\"uri\":\""
                    + uri
                    + "\",\"range\":"
                    + RANGE
                    + "},\"message\":\"here\"}]}"));
      }
    }
    JsonObject params = new JsonObject();
    params.addProperty("uri", uri);
    params.add("diagnostics", diagnostics);
    notify("textDocument/publishDiagnostics", params);
  }

  /** Sends a request of the server's own (the gateway must answer it). */
  void requestFromServer(long id, String method, JsonElement params) {
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", "2.0");
    message.addProperty("id", id);
    message.addProperty("method", method);
    message.add("params", params);
    write(message);
  }

  void notify(String method, JsonElement params) {
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", "2.0");
    message.addProperty("method", method);
    message.add("params", params);
    write(message);
  }

  private void respond(JsonElement id, JsonElement result) {
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", "2.0");
    message.add("id", id);
    message.add("result", result);
    write(message);
  }

  private void respondError(JsonElement id, int code, String text) {
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", "2.0");
    message.add("id", id);
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", text);
    message.add("error", error);
    write(message);
  }

  private synchronized void write(JsonObject message) {
    try {
      LspFraming.write(stdout.out(), message.toString());
    } catch (IOException e) {
      // gone
    }
  }

  /** The methods received, in order. */
  List<String> methods() {
    return received.stream()
        .filter(m -> m.has("method"))
        .map(m -> m.get("method").getAsString())
        .toList();
  }

  List<JsonObject> received(String method) {
    return received.stream()
        .filter(m -> m.has("method") && m.get("method").getAsString().equals(method))
        .toList();
  }

  /** Simulates a crash. */
  void crash() {
    end(1);
  }

  private void end(int code) {
    stdout.close();
    stderr.close();
    stdin.close();
    exit.complete(code);
  }

  @Override
  public OutputStream stdin() {
    return stdin.out();
  }

  @Override
  public InputStream stdout() {
    return stdout.in();
  }

  @Override
  public InputStream stderr() {
    return stderr.in();
  }

  @Override
  public boolean hasPty() {
    return false;
  }

  @Override
  public void resize(int columns, int rows) {
    throw new IllegalStateException("no PTY");
  }

  @Override
  public CompletableFuture<Integer> onExit() {
    return exit;
  }

  @Override
  public boolean isAlive() {
    return !exit.isDone();
  }

  @Override
  public void kill() {
    end(137);
  }
}
