package dev.atelier.collab;

/**
 * The one error type of the collab module. Raised for malformed, truncated, oversized or otherwise
 * hostile input (updates, sync and awareness messages, frames) and for misuse of the API. When an
 * operation raises it, the document it was applied to is left exactly as it was.
 */
public class CollabException extends RuntimeException {

  /** Documented error codes; transports map them to close codes and error frames. */
  public enum ErrorCode {
    /** The input ended before a complete value was read. */
    TRUNCATED,
    /** The input is structurally invalid (bad tag, impossible reference, bad UTF-8, bad JSON). */
    MALFORMED,
    /** A length, count or number exceeds the configured limits. */
    LIMIT_EXCEEDED,
    /** A message type that this protocol version does not know. */
    UNKNOWN_MESSAGE_TYPE,
    /** The operation is not allowed (e.g. an index outside the text, a read-only peer writing). */
    INVALID_OPERATION
  }

  private final ErrorCode code;

  public CollabException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public CollabException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
