package dev.atelier.runtime.spi;

/** The one error type of the runtime module. The message is meant for the user. */
public class WorkspaceRuntimeException extends RuntimeException {

  /** What went wrong, in a form the server maps to HTTP statuses and workspace conditions. */
  public enum ErrorCode {
    /** The workspace has no live resources in this runtime (start it first). */
    NOT_RUNNING,
    /** The workspace id is not known to this runtime. */
    NOT_FOUND,
    /** Cloning the repository failed; the message says why (not found, authentication…). */
    CLONE_FAILED,
    /** The stack file in the repository is malformed; the message names file and field. */
    STACK_INVALID,
    /** A lifecycle command such as postCreateCommand exited non-zero. */
    COMMAND_FAILED,
    /** A file path leaves the workspace root. */
    PATH_OUTSIDE_WORKSPACE,
    /**
     * The file system refuses the path itself (a name longer than it allows, a file where the path
     * needs a folder); the message names the workspace path, never a host path.
     */
    INVALID_PATH,
    /** A file or folder does not exist. */
    FILE_NOT_FOUND,
    /** A file or folder already exists. */
    FILE_EXISTS,
    /** The sandbox is required by configuration but not available on this host. */
    SANDBOX_UNAVAILABLE,
    /** The runtime could not start processes or allocate resources. */
    START_FAILED,
    /** Starting took longer than the configured timeout. */
    TIMEOUT,
    /** An I/O error talking to the sandbox, pod or file system. */
    IO,
    /** Nothing inside the workspace accepted a connection to the port. */
    PORT_UNREACHABLE,
    /** The workspace agent is not answering (killed, crashed, or sent something invalid). */
    AGENT_UNAVAILABLE,
    /** This runtime does not offer the operation. */
    UNSUPPORTED
  }

  private final ErrorCode code;

  public WorkspaceRuntimeException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public WorkspaceRuntimeException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** The condition type this error becomes on a workspace, e.g. {@code cloneFailed}. */
  public String conditionType() {
    String[] parts = code.name().toLowerCase(java.util.Locale.ROOT).split("_");
    StringBuilder sb = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return sb.toString();
  }
}
