package dev.atelier.gateway;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.atelier.gateway.GatewayException.ErrorCode;
import dev.atelier.gateway.protocol.JsonRpc;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ServerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of the conversation with one client: the handshake, document interest,
 * cancellation, and forwarding requests to the document's server with id remapping, URI translation
 * and a timeout. Runs on the workspace's executor.
 */
final class SessionProtocol {

  private static final Logger log = LoggerFactory.getLogger(SessionProtocol.class);
  private static final String SERVER_NAME = "Atelier language gateway";

  private final WorkspaceLanguages workspace;

  SessionProtocol(WorkspaceLanguages workspace) {
    this.workspace = workspace;
  }

  void handle(GatewaySession session, ClientMessage message) {
    switch (message.kind()) {
      case INVALID -> session.send(JsonRpc.error(message.id(), message.error().toResponseError()));
      case RESPONSE -> {
        // The gateway sends no requests to clients; a stray response is dropped.
      }
      case NOTIFICATION -> {
        try {
          notification(session, message);
        } catch (GatewayException e) {
          // Notifications have no response: report it in the client's log instead.
          session.send(
              JsonRpc.notification(
                  "window/logMessage",
                  new MessageParams(
                      MessageType.Warning, message.method() + " ignored: " + e.getMessage())));
        }
      }
      case REQUEST -> {
        try {
          request(session, message);
        } catch (GatewayException e) {
          session.send(JsonRpc.error(message.id(), e.toResponseError()));
        }
      }
    }
  }

  private void request(GatewaySession session, ClientMessage message) {
    String method = message.method();
    switch (method) {
      case "initialize" -> {
        session.initialized = true;
        InitializeResult result =
            new InitializeResult(GatewayCapabilities.forClients(), new ServerInfo(SERVER_NAME));
        session.send(JsonRpc.response(message.id(), result));
      }
      case "shutdown" -> session.send(JsonRpc.response(message.id(), JsonNull.INSTANCE));
      default -> {
        if (!session.initialized) {
          throw new GatewayException(ErrorCode.NOT_INITIALIZED, "send initialize first");
        }
        if (!GatewayCapabilities.FORWARDED.contains(method)) {
          throw new GatewayException(
              ErrorCode.METHOD_NOT_FOUND,
              method + " is not supported by the Atelier language gateway");
        }
        forward(session, message);
      }
    }
  }

  private void notification(GatewaySession session, ClientMessage message) {
    switch (message.method()) {
      case "initialized" -> workspace.activated(session);
      case "exit" -> {
        workspace.closeSession(session);
        session.closeSink();
      }
      case "textDocument/didOpen" -> {
        JsonObject item = member(message.params(), "textDocument");
        String path = WorkspaceUris.pathOfClientUri(string(item, "uri"));
        JsonElement text = item.get("text");
        String clientText = text != null && text.isJsonPrimitive() ? text.getAsString() : null;
        workspace.registerInterest(session, path, clientText);
      }
      case "textDocument/didClose" -> {
        String path =
            WorkspaceUris.pathOfClientUri(string(member(message.params(), "textDocument"), "uri"));
        workspace.releaseInterest(session, path);
      }
      case "$/cancelRequest" -> cancel(session, message.params());
      default -> {
        // didChange, didSave, willSave, configuration and watched-file changes, $/setTrace…:
        // document text and workspace state come from the server side, never from one client.
      }
    }
  }

  // ---- forwarding ----

  private void forward(GatewaySession session, ClientMessage message) {
    if (message.params() == null || !message.params().isJsonObject()) {
      throw new GatewayException(
          ErrorCode.INVALID_PARAMS, message.method() + " needs an object as params");
    }
    JsonObject params = message.params().getAsJsonObject();
    ManagedServer server;
    if (message.method().equals("completionItem/resolve")) {
      server = session.lastCompletionServer;
      if (server == null) {
        session.send(JsonRpc.response(message.id(), params)); // nothing to add to the item
        return;
      }
    } else {
      String path = WorkspaceUris.pathOfClientUri(string(member(params, "textDocument"), "uri"));
      TrackedDocument doc = workspace.document(path);
      if (doc == null || !doc.sessions.contains(session.id())) {
        Optional<TrackedDocument> registered = workspace.registerInterest(session, path, null);
        if (registered.isEmpty()) {
          session.send(
              JsonRpc.response(message.id(), JsonNull.INSTANCE)); // no server for this file
          return;
        }
        doc = registered.get();
      }
      server = doc.server;
    }
    ForwardedRequest request = new ForwardedRequest(session, message, server);
    if (session.pending.putIfAbsent(request.idKey, request) != null) {
      throw new GatewayException(
          ErrorCode.INVALID_REQUEST,
          "request id " + request.idKey + " is already in use by a pending request");
    }
    request.timeout =
        workspace.schedule(() -> timedOut(request), workspace.options().requestTimeout());
    whenReady(
        server.ensureStarted(),
        (connection, failure) -> send(request, params, connection, failure));
  }

  private void send(
      ForwardedRequest request, JsonObject params, ServerConnection connection, Throwable failure) {
    if (request.done) {
      return;
    }
    if (failure != null) {
      finish(request, null, failure);
      return;
    }
    boolean supported =
        request
            .server
            .capabilities()
            .map(c -> GatewayCapabilities.supports(c, request.method))
            .orElse(true);
    if (!supported) {
      finish(request, JsonNull.INSTANCE, null);
      return;
    }
    try {
      request.server.uris().paramsToServer(params);
    } catch (GatewayException e) {
      finish(request, null, e);
      return;
    }
    ServerConnection.Call call = connection.request(request.method, params);
    request.connection = connection;
    request.serverId = call.id();
    call.result()
        .whenCompleteAsync((result, error) -> finish(request, result, error), workspace.executor());
  }

  private void finish(ForwardedRequest request, JsonElement result, Throwable failure) {
    if (request.done) {
      return;
    }
    request.done = true;
    if (request.timeout != null) {
      request.timeout.cancel(false);
    }
    GatewaySession session = request.session;
    session.pending.remove(request.idKey, request);
    if (failure != null) {
      session.send(JsonRpc.error(request.clientId, GatewayException.of(failure).toResponseError()));
      return;
    }
    WorkspaceUris uris = request.server.uris();
    if (uris != null) {
      uris.resultToClient(result);
    }
    if (request.method.equals("textDocument/completion")) {
      session.lastCompletionServer = request.server;
    }
    session.send(JsonRpc.response(request.clientId, result));
  }

  private void timedOut(ForwardedRequest request) {
    if (request.done) {
      return;
    }
    request.abandonAtServer();
    log.debug(
        "{} timed out at the {} language server", request.method, request.server.displayName());
    finish(
        request,
        null,
        new GatewayException(
            ErrorCode.REQUEST_TIMEOUT,
            "the "
                + request.server.displayName()
                + " language server did not answer "
                + request.method
                + " within "
                + workspace.options().requestTimeout().toMillis()
                + " ms"));
  }

  private void cancel(GatewaySession session, JsonElement params) {
    JsonElement id =
        params != null && params.isJsonObject() ? params.getAsJsonObject().get("id") : null;
    if (id == null) {
      throw new GatewayException(ErrorCode.INVALID_PARAMS, "$/cancelRequest needs params.id");
    }
    ForwardedRequest request = session.pending.get(id.toString());
    if (request == null) {
      return; // already answered
    }
    if (request.connection != null) {
      // The server answers the cancelled request (usually with RequestCancelled); that is relayed.
      request.connection.cancel(request.serverId);
    } else {
      finish(request, null, new GatewayException(ErrorCode.REQUEST_CANCELLED, "cancelled"));
    }
  }

  /**
   * Runs {@code callback} on the workspace's executor once {@code future} completes (now if it
   * has).
   */
  private <T> void whenReady(
      CompletableFuture<T> future, java.util.function.BiConsumer<T, Throwable> callback) {
    if (future.isDone()) {
      T value = null;
      Throwable failure = null;
      try {
        value = future.join();
      } catch (RuntimeException e) {
        failure = e;
      }
      callback.accept(value, failure);
    } else {
      future.whenCompleteAsync(callback, workspace.executor());
    }
  }

  private static JsonObject member(JsonElement params, String name) {
    if (params != null && params.isJsonObject()) {
      JsonElement value = params.getAsJsonObject().get(name);
      if (value != null && value.isJsonObject()) {
        return value.getAsJsonObject();
      }
    }
    throw new GatewayException(ErrorCode.INVALID_PARAMS, "params." + name + " is missing");
  }

  private static String string(JsonObject object, String name) {
    JsonElement value = object.get(name);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new GatewayException(ErrorCode.INVALID_PARAMS, name + " is missing or not a string");
    }
    return value.getAsString();
  }
}
