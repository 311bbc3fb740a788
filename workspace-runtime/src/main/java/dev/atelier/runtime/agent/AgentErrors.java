package dev.atelier.runtime.agent;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.util.Map;

/** Turns an agent's error reply into the runtime's error, with a bounded, printable message. */
final class AgentErrors {

  private static final int MAX_MESSAGE = 300;

  private static final Map<String, ErrorCode> CODES =
      Map.of(
          "FILE_NOT_FOUND", ErrorCode.FILE_NOT_FOUND,
          "FILE_EXISTS", ErrorCode.FILE_EXISTS,
          "PATH_OUTSIDE_WORKSPACE", ErrorCode.PATH_OUTSIDE_WORKSPACE,
          "INVALID_PATH", ErrorCode.INVALID_PATH,
          "PORT_UNREACHABLE", ErrorCode.PORT_UNREACHABLE,
          "START_FAILED", ErrorCode.START_FAILED,
          "IO", ErrorCode.IO);

  private AgentErrors() {}

  static WorkspaceRuntimeException of(String code, String message) {
    ErrorCode mapped = CODES.getOrDefault(code, ErrorCode.IO);
    return new WorkspaceRuntimeException(mapped, printable(message));
  }

  /** At most {@value #MAX_MESSAGE} characters, control characters replaced. */
  static String printable(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_MESSAGE + 1));
    for (int i = 0; i < text.length() && sb.length() < MAX_MESSAGE; i++) {
      char c = text.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (text.length() > MAX_MESSAGE) {
      sb.append('…');
    }
    return sb.toString();
  }
}
