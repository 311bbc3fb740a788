package dev.atelier.stacks;

/**
 * The one error type of the stacks module: a stack file that cannot be used, or a stack that does
 * not exist. The message always names the file (or {@code stack catalog}), the field path when
 * there is one, and what to do, e.g. {@code .atelier/stack.json:
 * customizations.atelier.tasks[1].command: required, give the command to run as a string or an
 * array of strings}. It is safe to show to the user as it is.
 */
public class StackException extends RuntimeException {

  /** Documented error codes; the server maps them to problem details and workspace conditions. */
  public enum ErrorCode {
    /** The file is not well-formed JSON(C); {@link #line()} and {@link #column()} say where. */
    MALFORMED_JSON,
    /** A field has the wrong type or an unacceptable value. */
    INVALID_FIELD,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A key inside {@code customizations.atelier} that the format does not define (a typo). */
    UNKNOWN_FIELD,
    /** Two entries that must be unique share a key (task name, language, port, JSON key, id). */
    DUPLICATE,
    /** No stack with the requested id exists. */
    NOT_FOUND,
    /** The stack file exists but could not be read. */
    UNREADABLE
  }

  private final ErrorCode code;
  private final String sourceName;
  private final String fieldPath;
  private final String detail;
  private final int line;
  private final int column;

  /**
   * Creates an exception without a source position.
   *
   * @param code what went wrong
   * @param sourceName the file shown to the user, e.g. {@code .devcontainer/devcontainer.json}
   * @param fieldPath JSON-path-like location, e.g. {@code forwardPorts[0]}; empty for the whole
   *     file
   * @param detail the problem and what to do about it
   */
  public StackException(ErrorCode code, String sourceName, String fieldPath, String detail) {
    this(code, sourceName, fieldPath, detail, 0, 0, null);
  }

  /**
   * Creates an exception with a source position (line and column start at 1; 0 means unknown).
   *
   * @param code what went wrong
   * @param sourceName the file shown to the user
   * @param fieldPath JSON-path-like location; empty for the whole file
   * @param detail the problem and what to do about it
   * @param line 1-based line, or 0
   * @param column 1-based column, or 0
   * @param cause the underlying exception, may be {@code null}
   */
  public StackException(
      ErrorCode code,
      String sourceName,
      String fieldPath,
      String detail,
      int line,
      int column,
      Throwable cause) {
    super(format(sourceName, fieldPath, detail, line, column), cause);
    this.code = code;
    this.sourceName = sourceName == null ? "" : sourceName;
    this.fieldPath = fieldPath == null ? "" : fieldPath;
    this.detail = detail;
    this.line = Math.max(line, 0);
    this.column = Math.max(column, 0);
  }

  private static String format(
      String sourceName, String fieldPath, String detail, int line, int column) {
    StringBuilder message = new StringBuilder(sourceName == null ? "" : sourceName);
    if (line > 0) {
      message.append(':').append(line);
      if (column > 0) {
        message.append(':').append(column);
      }
    }
    if (fieldPath != null && !fieldPath.isEmpty()) {
      message.append(": ").append(fieldPath);
    }
    return message.append(": ").append(detail).toString();
  }

  public ErrorCode code() {
    return code;
  }

  /** The file (or {@code stack catalog}) the error is about, as shown to the user. */
  public String sourceName() {
    return sourceName;
  }

  /**
   * The JSON-path-like location, e.g. {@code customizations.atelier.tasks[1].command}, or empty.
   */
  public String fieldPath() {
    return fieldPath;
  }

  /** The problem and what to do, without the file and path prefix. */
  public String detail() {
    return detail;
  }

  /** 1-based line of a {@link ErrorCode#MALFORMED_JSON} error, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of a {@link ErrorCode#MALFORMED_JSON} error, or 0 when unknown. */
  public int column() {
    return column;
  }
}
