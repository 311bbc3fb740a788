package dev.atelier.server.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one error type of the server. The message is meant for the user and says what to do; {@link
 * #properties()} become extra members of the problem document (e.g. {@code knownStacks}).
 */
public class AtelierException extends RuntimeException {

  private final ErrorCode code;
  private final Map<String, Object> properties;

  public AtelierException(ErrorCode code, String message) {
    this(code, message, Map.of(), null);
  }

  public AtelierException(ErrorCode code, String message, Map<String, Object> properties) {
    this(code, message, properties, null);
  }

  public AtelierException(
      ErrorCode code, String message, Map<String, Object> properties, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.properties = Map.copyOf(new LinkedHashMap<>(properties));
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
