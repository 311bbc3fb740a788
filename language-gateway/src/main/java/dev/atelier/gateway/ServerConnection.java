package dev.atelier.gateway;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.atelier.gateway.GatewayException.ErrorCode;
import dev.atelier.gateway.protocol.JsonRpc;
import dev.atelier.gateway.protocol.LspFraming;
import dev.atelier.runtime.spi.ExecProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC connection to one language server process over its stdio: framing, request ids and
 * pending calls, and the answers to requests the server sends to its client. The gateway is that
 * client, shared by every browser, so it answers those itself rather than asking one browser
 * ({@code workspace/configuration} gets defaults, capability registration and progress tokens are
 * accepted, edits the server wants to apply are declined).
 *
 * <p>One daemon thread reads stdout and one drains stderr (a language server blocks when its stderr
 * pipe fills). Writes go through a serial executor, so a server that stops reading only stalls its
 * own writes. Events are delivered on the owner's executor.
 */
final class ServerConnection {

  private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);
  private static final int STDERR_TAIL_CHARS = 4096;

  /** What the owner hears about; called on its executor. */
  interface Events {
    /** A notification from the server (the whole message; {@code params} inside). */
    void onNotification(String method, JsonObject message);

    /** A request from the server that users should know about, already answered. */
    void onServerRequest(String method, JsonElement params);

    /** The process ended. */
    void onExit(int exitCode, String stderrTail);
  }

  /** A request sent to the server: its id there, and its result. */
  record Call(long id, CompletableFuture<JsonElement> result) {}

  private final ExecProcess process;
  private final String displayName;
  private final String name;
  private final String rootUri;
  private final Executor events;
  private final Events listener;
  private final SerialExecutor writer;
  private final OutputStream stdin;
  private final Map<Long, CompletableFuture<JsonElement>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final StringBuilder stderrTail = new StringBuilder();
  private volatile boolean writeFailed;
  private volatile boolean killed;

  /**
   * @param displayName for messages users see, e.g. {@code Python}
   * @param name for threads and logs, e.g. {@code lsp-ws42-python}
   */
  ServerConnection(
      ExecProcess process,
      String displayName,
      String name,
      String rootUri,
      Executor pool,
      Executor events,
      Events listener) {
    this.process = process;
    this.displayName = displayName;
    this.name = name;
    this.rootUri = rootUri;
    this.events = events;
    this.listener = listener;
    this.writer = new SerialExecutor(pool, name + " writer");
    this.stdin = process.stdin();
    daemon(name + "-out", this::readLoop).start();
    Thread stderrDrain = daemon(name + "-err", this::drainStderr);
    stderrDrain.start();
    process
        .onExit()
        .whenCompleteAsync(
            (code, failure) -> {
              // The last words on stderr say why it exited: let the drain catch up first (it ends
              // at EOF; children that inherited stderr could hold it open, hence the bound).
              try {
                stderrDrain.join(1000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              int exit = code == null ? -1 : code;
              failPending(
                  new GatewayException(
                      ErrorCode.SERVER_EXITED,
                      "the " + displayName + " language server exited (code " + exit + ")"));
              String tail = stderrTail();
              events.execute(() -> listener.onExit(exit, tail));
            },
            pool);
  }

  Call request(String method, Object params) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonElement> result = new CompletableFuture<>();
    pending.put(id, result);
    send(JsonRpc.request(id, method, params));
    if (!process.isAlive()) {
      failPending(
          id,
          new GatewayException(
              ErrorCode.SERVER_EXITED, "the " + displayName + " language server is not running"));
    }
    return new Call(id, result);
  }

  void notify(String method, Object params) {
    send(JsonRpc.notification(method, params));
  }

  /**
   * Asks the server to cancel a request; its answer (usually an error) still completes the call.
   */
  void cancel(long id) {
    if (pending.containsKey(id)) {
      JsonObject params = new JsonObject();
      params.addProperty("id", id);
      notify("$/cancelRequest", params);
    }
  }

  /** Forgets a call (timed out): a late answer is dropped. */
  void abandon(long id) {
    pending.remove(id);
  }

  /**
   * Asks the server to shut down ({@code shutdown}, then {@code exit}) and kills it if it has not
   * exited {@code grace} after each step.
   */
  void shutdown(java.time.Duration grace) {
    Executor later =
        CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS, writer);
    request("shutdown", null)
        .result()
        .orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, failure) -> {
              notify("exit", null);
              later.execute(this::kill);
            });
  }

  boolean isAlive() {
    return process.isAlive();
  }

  CompletableFuture<Integer> onExit() {
    return process.onExit();
  }

  void kill() {
    killed = true;
    process.kill();
  }

  String stderrTail() {
    synchronized (stderrTail) {
      return stderrTail.toString().strip();
    }
  }

  private void send(String json) {
    writer.execute(
        () -> {
          if (writeFailed) {
            return;
          }
          try {
            LspFraming.write(stdin, json);
          } catch (IOException e) {
            // The process is gone or closed stdin; onExit reports it to the owner.
            writeFailed = true;
            log.debug("Cannot write to {}: {}", name, e.toString());
          }
        });
  }

  private void readLoop() {
    LspFraming.Reader reader = new LspFraming.Reader(process.stdout());
    try {
      String text;
      while ((text = reader.next()) != null) {
        dispatch(text);
      }
    } catch (IOException e) {
      if (!killed && process.isAlive()) {
        log.warn("Unreadable output from {}, stopping it: {}", name, e.getMessage());
        process.kill();
      }
    }
  }

  private void dispatch(String text) {
    JsonObject message;
    try {
      JsonElement parsed = JsonParser.parseString(text);
      if (!parsed.isJsonObject()) {
        log.warn("{} sent a message that is not an object; ignored", name);
        return;
      }
      message = parsed.getAsJsonObject();
    } catch (RuntimeException e) {
      log.warn("{} sent malformed JSON; ignored: {}", name, e.getMessage());
      return;
    }
    JsonElement id = message.get("id");
    JsonElement method = message.get("method");
    if (method != null && method.isJsonPrimitive()) {
      String name = method.getAsString();
      if (id != null && !id.isJsonNull()) {
        answerServerRequest(id, name, message.get("params"));
      } else {
        events.execute(() -> listener.onNotification(name, message));
      }
    } else if (id != null && id.isJsonPrimitive() && id.getAsJsonPrimitive().isNumber()) {
      CompletableFuture<JsonElement> call = pending.remove(id.getAsLong());
      if (call == null) {
        return; // timed out or abandoned
      }
      JsonElement error = message.get("error");
      if (error != null && error.isJsonObject()) {
        JsonObject e = error.getAsJsonObject();
        int code =
            e.has("code") ? e.get("code").getAsInt() : ResponseErrorCode.InternalError.getValue();
        String text2 = e.has("message") ? e.get("message").getAsString() : "language server error";
        call.completeExceptionally(GatewayException.fromServer(code, text2, e.get("data")));
      } else {
        JsonElement result = message.get("result");
        call.complete(result == null ? JsonNull.INSTANCE : result);
      }
    }
  }

  private void answerServerRequest(JsonElement id, String method, JsonElement params) {
    switch (method) {
      case "workspace/configuration" -> {
        JsonArray answers = new JsonArray();
        JsonElement items =
            params != null && params.isJsonObject() ? params.getAsJsonObject().get("items") : null;
        int count = items != null && items.isJsonArray() ? items.getAsJsonArray().size() : 0;
        for (int i = 0; i < count; i++) {
          answers.add(JsonNull.INSTANCE);
        }
        send(JsonRpc.response(id, answers));
      }
      case "client/registerCapability",
          "client/unregisterCapability",
          "window/workDoneProgress/create",
          "workspace/codeLens/refresh",
          "workspace/semanticTokens/refresh",
          "workspace/inlayHint/refresh",
          "workspace/inlineValue/refresh",
          "workspace/diagnostic/refresh" ->
          send(JsonRpc.response(id, JsonNull.INSTANCE));
      case "window/showMessageRequest" -> {
        send(JsonRpc.response(id, JsonNull.INSTANCE));
        events.execute(() -> listener.onServerRequest(method, params));
      }
      case "window/showDocument" -> {
        JsonObject result = new JsonObject();
        result.addProperty("success", false);
        send(JsonRpc.response(id, result));
      }
      case "workspace/workspaceFolders" -> {
        JsonArray folders = new JsonArray();
        JsonObject folder = new JsonObject();
        folder.addProperty("uri", rootUri);
        folder.addProperty("name", "workspace");
        folders.add(folder);
        send(JsonRpc.response(id, folders));
      }
      case "workspace/applyEdit" -> {
        JsonObject result = new JsonObject();
        result.addProperty("applied", false);
        result.add(
            "failureReason",
            new JsonPrimitive(
                "the language gateway does not apply edits on behalf of shared documents"));
        send(JsonRpc.response(id, result));
      }
      default ->
          send(
              JsonRpc.error(
                  id,
                  new ResponseError(
                      ResponseErrorCode.MethodNotFound,
                      "not supported by the Atelier gateway: " + method,
                      null)));
    }
  }

  private void drainStderr() {
    byte[] buffer = new byte[8192];
    try (InputStream err = process.stderr()) {
      int n;
      while ((n = err.read(buffer)) >= 0) {
        String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
        if (log.isDebugEnabled()) {
          log.debug("{} stderr: {}", name, chunk.stripTrailing());
        }
        synchronized (stderrTail) {
          stderrTail.append(chunk);
          if (stderrTail.length() > STDERR_TAIL_CHARS) {
            stderrTail.delete(0, stderrTail.length() - STDERR_TAIL_CHARS);
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private void failPending(GatewayException failure) {
    for (Long id : pending.keySet()) {
      failPending(id, failure);
    }
  }

  private void failPending(long id, GatewayException failure) {
    CompletableFuture<JsonElement> call = pending.remove(id);
    if (call != null) {
      call.completeExceptionally(failure);
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  /** The last lines of a process's stderr, for a message: {@code ": a | b"}, or empty. */
  static String lastLines(String stderr) {
    if (stderr == null || stderr.isBlank()) {
      return "";
    }
    String[] lines = stderr.strip().split("\n");
    int from = Math.max(0, lines.length - 5);
    return ": " + String.join(" | ", java.util.Arrays.asList(lines).subList(from, lines.length));
  }
}
