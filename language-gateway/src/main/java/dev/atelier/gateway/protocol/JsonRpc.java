package dev.atelier.gateway.protocol;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Map;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * Builds JSON-RPC 2.0 messages as text. Payloads are Gson trees or LSP4J objects; the latter are
 * converted with LSP4J's own Gson configuration ({@code Either}, enums as numbers, …).
 *
 * <p>Messages are routed as trees rather than through LSP4J's {@code MessageJsonHandler}: a proxy
 * forwards most messages untouched, and without a method table the handler drops response results
 * and accepts only {@code int} ids.
 */
public final class JsonRpc {

  private static final Gson GSON = new MessageJsonHandler(Map.of()).getGson();

  private JsonRpc() {}

  /** Gson with LSP4J's type adapters. */
  public static Gson gson() {
    return GSON;
  }

  /** An LSP4J object (or a tree, or null) as a Gson tree. */
  public static JsonElement toTree(Object value) {
    if (value == null) {
      return JsonNull.INSTANCE;
    }
    if (value instanceof JsonElement element) {
      return element;
    }
    return GSON.toJsonTree(value);
  }

  /** A tree as an LSP4J type. */
  public static <T> T fromTree(JsonElement tree, Class<T> type) {
    return GSON.fromJson(tree, type);
  }

  public static String request(long id, String method, Object params) {
    JsonObject message = envelope();
    message.addProperty("id", id);
    message.addProperty("method", method);
    if (params != null) {
      message.add("params", toTree(params));
    }
    return message.toString();
  }

  public static String notification(String method, Object params) {
    JsonObject message = envelope();
    message.addProperty("method", method);
    if (params != null) {
      message.add("params", toTree(params));
    }
    return message.toString();
  }

  /** A success response; {@code id} is the requester's id exactly as it sent it. */
  public static String response(JsonElement id, Object result) {
    JsonObject message = envelope();
    message.add("id", id == null ? JsonNull.INSTANCE : id);
    message.add("result", toTree(result));
    return message.toString();
  }

  /** An error response; {@code id} is null when the request's id could not be read. */
  public static String error(JsonElement id, ResponseError error) {
    JsonObject message = envelope();
    message.add("id", id == null ? JsonNull.INSTANCE : id);
    JsonObject body = new JsonObject();
    body.addProperty("code", error.getCode());
    body.addProperty("message", error.getMessage());
    if (error.getData() != null) {
      body.add("data", toTree(error.getData()));
    }
    message.add("error", body);
    return message.toString();
  }

  private static JsonObject envelope() {
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", "2.0");
    return message;
  }
}
