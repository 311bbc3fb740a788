package dev.atelier.gateway;

import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * The one error type of the language gateway. The message is meant for the user; {@link
 * #toResponseError()} is how it reaches a client (the JSON-RPC edge maps it there and nowhere
 * else).
 */
public class GatewayException extends RuntimeException {

  /** What went wrong, with the JSON-RPC error code a client receives. */
  public enum ErrorCode {
    /** The text of a message is not JSON. */
    PARSE_ERROR(ResponseErrorCode.ParseError),
    /** The JSON is not a valid JSON-RPC 2.0 message (batch, bad id, missing method…). */
    INVALID_REQUEST(ResponseErrorCode.InvalidRequest),
    /** The gateway does not serve this method. */
    METHOD_NOT_FOUND(ResponseErrorCode.MethodNotFound),
    /** The parameters are missing or malformed (e.g. no {@code textDocument.uri}). */
    INVALID_PARAMS(ResponseErrorCode.InvalidParams),
    /** A URI or path leaves the workspace, or is not an {@code atelier:} URI. */
    PATH_OUTSIDE_WORKSPACE(ResponseErrorCode.InvalidParams),
    /** A request arrived before the client's {@code initialize}. */
    NOT_INITIALIZED(ResponseErrorCode.ServerNotInitialized),
    /** The language server's program is not installed in the workspace. */
    SERVER_NOT_INSTALLED(ResponseErrorCode.RequestFailed),
    /** The language server could not be started or did not answer {@code initialize}. */
    SERVER_START_FAILED(ResponseErrorCode.RequestFailed),
    /** The language server exited while the request was pending (it is being restarted). */
    SERVER_EXITED(ResponseErrorCode.RequestFailed),
    /** The language server was stopped (workspace stopped, idle, or gateway shut down). */
    SERVER_STOPPED(ResponseErrorCode.RequestFailed),
    /** The language server answered with an error; the code is the server's own. */
    SERVER_ERROR(ResponseErrorCode.RequestFailed),
    /** The language server did not answer within {@code atelier.gateway.request-timeout}. */
    REQUEST_TIMEOUT(ResponseErrorCode.RequestFailed),
    /** The client cancelled the request before it reached the language server. */
    REQUEST_CANCELLED(ResponseErrorCode.RequestCancelled),
    /** The workspace is not running, so no language server can run in it. */
    WORKSPACE_NOT_RUNNING(ResponseErrorCode.RequestFailed),
    /** The session was closed. */
    SESSION_CLOSED(ResponseErrorCode.RequestFailed),
    /** An unexpected failure inside the gateway. */
    INTERNAL(ResponseErrorCode.InternalError);

    private final ResponseErrorCode responseCode;

    ErrorCode(ResponseErrorCode responseCode) {
      this.responseCode = responseCode;
    }

    /** The JSON-RPC error code a client receives. */
    public int jsonRpcCode() {
      return responseCode.getValue();
    }
  }

  private final ErrorCode code;
  private final Integer serverCode;
  private final Object data;

  public GatewayException(ErrorCode code, String message) {
    this(code, message, null, null, null);
  }

  public GatewayException(ErrorCode code, String message, Throwable cause) {
    this(code, message, null, null, cause);
  }

  private GatewayException(
      ErrorCode code, String message, Integer serverCode, Object data, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.serverCode = serverCode;
    this.data = data;
  }

  /** An error a language server answered with, relayed to the client with its own code and data. */
  public static GatewayException fromServer(int serverCode, String message, Object data) {
    return new GatewayException(ErrorCode.SERVER_ERROR, message, serverCode, data, null);
  }

  public ErrorCode code() {
    return code;
  }

  /** The JSON-RPC error code for clients: the server's own for {@link ErrorCode#SERVER_ERROR}. */
  public int jsonRpcCode() {
    return serverCode != null ? serverCode : code.jsonRpcCode();
  }

  /** The JSON-RPC error object a client receives. */
  public ResponseError toResponseError() {
    return new ResponseError(jsonRpcCode(), getMessage(), data);
  }

  /** Unwraps completion wrappers and turns anything else into {@link ErrorCode#INTERNAL}. */
  public static GatewayException of(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof GatewayException gateway) {
      return gateway;
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return new GatewayException(
          ErrorCode.REQUEST_TIMEOUT, "the language server did not answer in time", cause);
    }
    return new GatewayException(
        ErrorCode.INTERNAL, "internal error in the language gateway: " + cause, cause);
  }
}
