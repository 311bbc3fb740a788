package dev.atelier.server.sockets;

import java.nio.charset.StandardCharsets;
import org.springframework.web.socket.CloseStatus;

/**
 * Every close code a socket of this server is closed with, in one table. 1000-1015 are the
 * protocol's own (RFC 6455); 4000-4999 are private to Atelier and mean the same on every endpoint:
 * clients treat 1008, 4000, 4403 and 4404 as final (do not reconnect) and reconnect after anything
 * else. The {@code collab} module's {@code CloseCodes} names the protocol codes its hub uses; they
 * are the same numbers.
 */
public final class SocketCloses {

  private SocketCloses() {}

  /** The handshake had no signed-in user (the security chain normally answers 401 first). */
  public static final CloseStatus UNAUTHENTICATED =
      CloseStatus.POLICY_VIOLATION.withReason("sign in, or pass an API token as ?token=");

  /** The user has no role in the workspace, or it does not exist (the two look the same). */
  public static CloseStatus noWorkspace(String workspaceId) {
    return new CloseStatus(
        4404,
        reason(
            "you have no workspace with id "
                + (workspaceId == null || workspaceId.isEmpty() ? "(none)" : workspaceId)
                + " (or no access to it)"));
  }

  /** The workspace was deleted while the socket was open. */
  public static final CloseStatus WORKSPACE_DELETED =
      new CloseStatus(4404, "the workspace was deleted");

  /** The user's access to the workspace was revoked while the socket was open. */
  public static final CloseStatus ACCESS_REVOKED =
      new CloseStatus(4403, "access to this workspace was revoked");

  /** What the path names inside the workspace does not exist (a terminal id, …). */
  public static CloseStatus notFound(String what) {
    return new CloseStatus(4404, reason("no such " + what));
  }

  /** The user's role is below what the endpoint needs. */
  public static CloseStatus roleTooLow(String needed) {
    return new CloseStatus(4403, reason("this needs " + needed + " access to the workspace"));
  }

  /** The terminal's shell exited: the client should not reconnect. */
  public static final CloseStatus TERMINAL_EXITED =
      new CloseStatus(4000, "the terminal's shell exited");

  /**
   * The client did not read what it was sent within the send-time limit, or let more than the
   * endpoint's buffer pile up: only this socket is closed, the client may reconnect.
   */
  public static final CloseStatus SLOW_CONSUMER =
      new CloseStatus(4500, "the client did not read in time; reconnect to resync");

  /** The path of the socket is not valid for the endpoint. */
  public static CloseStatus badPath(String why) {
    return CloseStatus.POLICY_VIOLATION.withReason(reason(why));
  }

  /** A frame of a type this endpoint does not take (text on a binary socket, …). */
  public static CloseStatus unsupportedFrame(String why) {
    return CloseStatus.NOT_ACCEPTABLE.withReason(reason(why));
  }

  /** A frame the endpoint cannot decode. */
  public static CloseStatus malformed(String why) {
    return CloseStatus.BAD_DATA.withReason(reason(why));
  }

  /** A message above the endpoint's limit. */
  public static CloseStatus tooBig(long size, long limit) {
    return CloseStatus.TOO_BIG_TO_PROCESS.withReason(
        "message of " + size + " bytes exceeds the limit of " + limit + " bytes");
  }

  /** Something failed on the server; the client may try again. */
  public static CloseStatus serverError(String why) {
    return CloseStatus.SERVER_ERROR.withReason(reason(why));
  }

  /** The server is shutting down. */
  public static final CloseStatus SHUTTING_DOWN =
      CloseStatus.GOING_AWAY.withReason("server shutting down");

  /** A close reason may carry at most 123 bytes of UTF-8: longer text is cut with "...". */
  public static String reason(String message) {
    String text = message == null ? "" : message;
    if (text.getBytes(StandardCharsets.UTF_8).length <= 123) {
      return text;
    }
    while (text.getBytes(StandardCharsets.UTF_8).length > 120) {
      text = text.substring(0, text.length() - 1);
    }
    return text + "...";
  }
}
