package dev.atelier.agent;

/**
 * A failed operation in the agent; the code travels in the reply and names one of the server's
 * runtime error codes ({@code FILE_NOT_FOUND}, {@code FILE_EXISTS}, {@code PATH_OUTSIDE_WORKSPACE},
 * {@code INVALID_PATH}, {@code IO}, {@code PORT_UNREACHABLE}, {@code BAD_REQUEST}).
 */
final class AgentException extends RuntimeException {

  private final String code;

  AgentException(String code, String message) {
    super(message);
    this.code = code;
  }

  String code() {
    return code;
  }
}
