package dev.atelier.collab.hub;

import dev.atelier.collab.CollabException;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket close codes the hub uses when it closes a peer, and how {@link CollabException}
 * codes map to them. The close reason carries the exception's message (what was wrong).
 */
public final class CloseCodes {

  /** 1001: the hub is shutting down or the room was closed (file deleted, moved). */
  public static final int GOING_AWAY = 1001;

  /** 1003: a frame of an unknown type (outer, sync or auth). */
  public static final int UNSUPPORTED_DATA = 1003;

  /** 1007: a truncated or malformed frame, update, state vector or awareness update. */
  public static final int INVALID_PAYLOAD = 1007;

  /** 1008: any other refused input (policy violation). */
  public static final int POLICY_VIOLATION = 1008;

  /**
   * 1009: a frame above the frame-size limit, or an update that would exceed the document limit.
   */
  public static final int TOO_BIG = 1009;

  /** 1011: the hub could not make an update durable; the room was dropped, reconnect to resync. */
  public static final int INTERNAL_ERROR = 1011;

  /** 4403: suggested code for the server to close peers whose access was revoked. */
  public static final int ACCESS_REVOKED = 4403;

  /** WebSocket limits a close reason to 123 bytes of UTF-8. */
  static final int MAX_REASON_BYTES = 123;

  private CloseCodes() {}

  /** The close code for a rejected frame. */
  public static int forError(CollabException e) {
    return switch (e.code()) {
      case TRUNCATED, MALFORMED -> INVALID_PAYLOAD;
      case UNKNOWN_MESSAGE_TYPE -> UNSUPPORTED_DATA;
      case LIMIT_EXCEEDED -> TOO_BIG;
      case INVALID_OPERATION -> POLICY_VIOLATION;
    };
  }

  /** {@code reason} cut to at most 123 UTF-8 bytes without splitting a character. */
  static String reason(String reason) {
    String r = reason == null ? "" : reason;
    if (r.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
      return r;
    }
    int end = r.length();
    while (end > 0
        && r.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
      end--;
      if (end > 0 && Character.isHighSurrogate(r.charAt(end - 1))) {
        end--;
      }
    }
    return r.substring(0, end) + "...";
  }
}
