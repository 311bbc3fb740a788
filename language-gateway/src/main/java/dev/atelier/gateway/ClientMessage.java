package dev.atelier.gateway;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.atelier.gateway.GatewayException.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;

/**
 * One JSON-RPC message from a client, validated. Parsing never throws: a malformed message becomes
 * {@link Kind#INVALID} with the error to answer and the id when one could be read, so the session
 * can answer it and carry on.
 *
 * @param kind what it is
 * @param id the request id exactly as sent (string or number), or {@code null}
 * @param method the method, or {@code null} for responses and invalid messages
 * @param params the parameters (object or array), or {@code null}
 * @param error why it is invalid, for {@link Kind#INVALID}
 */
record ClientMessage(
    Kind kind, JsonElement id, String method, JsonElement params, GatewayException error) {

  enum Kind {
    REQUEST,
    NOTIFICATION,
    /** A response to a request the gateway sent; it sends none to clients, so these are dropped. */
    RESPONSE,
    INVALID
  }

  /** Reads a tree with the reader's own (strict) settings, unlike {@code JsonParser}. */
  private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

  /** The id as a map key: the JSON text keeps {@code 1} and {@code "1"} apart. */
  String idKey() {
    return id == null ? null : id.toString();
  }

  static ClientMessage parse(String text) {
    JsonElement parsed;
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      reader.setStrictness(Strictness.STRICT);
      parsed = ELEMENTS.read(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        return invalid(null, ErrorCode.PARSE_ERROR, "not valid JSON: text after the message");
      }
    } catch (IOException | RuntimeException e) {
      return invalid(null, ErrorCode.PARSE_ERROR, "not valid JSON: " + rootMessage(e));
    }
    if (parsed.isJsonArray()) {
      return invalid(
          null,
          ErrorCode.INVALID_REQUEST,
          "batch messages are not supported, send one message per frame");
    }
    if (!parsed.isJsonObject()) {
      return invalid(null, ErrorCode.INVALID_REQUEST, "a JSON-RPC message must be a JSON object");
    }
    JsonObject message = parsed.getAsJsonObject();
    JsonElement id = message.get("id");
    if (id != null && !validId(id)) {
      return invalid(null, ErrorCode.INVALID_REQUEST, "\"id\" must be a string or an integer");
    }
    if (id != null && id.isJsonNull()) {
      id = null;
    }
    JsonElement version = message.get("jsonrpc");
    if (version == null || !version.isJsonPrimitive() || !"2.0".equals(version.getAsString())) {
      return invalid(id, ErrorCode.INVALID_REQUEST, "\"jsonrpc\" must be \"2.0\"");
    }
    JsonElement method = message.get("method");
    JsonElement params = message.get("params");
    if (method == null) {
      if (id != null && (message.has("result") || message.has("error"))) {
        return new ClientMessage(Kind.RESPONSE, id, null, null, null);
      }
      return invalid(id, ErrorCode.INVALID_REQUEST, "\"method\" is missing");
    }
    if (!method.isJsonPrimitive() || !method.getAsJsonPrimitive().isString()) {
      return invalid(id, ErrorCode.INVALID_REQUEST, "\"method\" must be a string");
    }
    if (params != null && !params.isJsonNull() && !params.isJsonObject() && !params.isJsonArray()) {
      return invalid(id, ErrorCode.INVALID_REQUEST, "\"params\" must be an object or an array");
    }
    if (params != null && params.isJsonNull()) {
      params = null;
    }
    Kind kind = id == null ? Kind.NOTIFICATION : Kind.REQUEST;
    return new ClientMessage(kind, id, method.getAsString(), params, null);
  }

  private static boolean validId(JsonElement id) {
    if (id.isJsonNull()) {
      return true;
    }
    if (!id.isJsonPrimitive()) {
      return false;
    }
    JsonPrimitive primitive = id.getAsJsonPrimitive();
    if (primitive.isString()) {
      return true;
    }
    if (!primitive.isNumber()) {
      return false;
    }
    try {
      new BigDecimal(primitive.getAsString()).toBigIntegerExact();
      return true;
    } catch (ArithmeticException | NumberFormatException e) {
      return false;
    }
  }

  private static ClientMessage invalid(JsonElement id, ErrorCode code, String message) {
    return new ClientMessage(Kind.INVALID, id, null, null, new GatewayException(code, message));
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
