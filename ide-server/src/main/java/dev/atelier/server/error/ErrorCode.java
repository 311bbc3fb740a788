package dev.atelier.server.error;

import org.springframework.http.HttpStatus;

/**
 * What went wrong, with the HTTP status it maps to. The name is sent to clients as the {@code code}
 * property of the problem document and as the last segment of its {@code type} ({@code
 * urn:atelier:problem:unknown-stack}).
 */
public enum ErrorCode {
  /** The request body or a parameter is malformed or fails validation. */
  VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
  /** The stack id is not in the catalog; the problem lists the known stacks. */
  UNKNOWN_STACK(HttpStatus.BAD_REQUEST),
  /** A workspace name breaks the naming rules. */
  INVALID_NAME(HttpStatus.BAD_REQUEST),
  /** A repository URL is malformed or uses a scheme this server does not allow. */
  INVALID_REPOSITORY(HttpStatus.BAD_REQUEST),
  /** A user name breaks the naming rules. */
  INVALID_USERNAME(HttpStatus.BAD_REQUEST),
  /** A password is too short. */
  WEAK_PASSWORD(HttpStatus.BAD_REQUEST),
  /**
   * A workspace file path is absolute, contains {@code ..}, NUL or other forbidden characters, or
   * leads outside the workspace through a symbolic link.
   */
  INVALID_PATH(HttpStatus.BAD_REQUEST),
  /** No valid credentials (session or API token) came with the request. */
  UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
  /** Authenticated, but not allowed (e.g. an admin-only endpoint). */
  FORBIDDEN(HttpStatus.FORBIDDEN),
  /** No such workspace, or it belongs to someone else. */
  WORKSPACE_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** No such API token for the current user. */
  TOKEN_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** No such stack in the catalog. */
  STACK_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** No such user. */
  USER_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** No share link with this secret or id. */
  SHARE_LINK_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** The share link has expired or was revoked; the owner can create a new one. */
  SHARE_LINK_GONE(HttpStatus.GONE),
  /** No such collaborator in the workspace. */
  COLLABORATOR_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** Self-registration is turned off on this server; an administrator creates accounts. */
  REGISTRATION_DISABLED(HttpStatus.FORBIDDEN),
  /** No such file or folder in the workspace. */
  FILE_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** No process of the workspace listens on this port (port preview). */
  PORT_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** No such terminal in the workspace (closed, or the workspace stopped). */
  TERMINAL_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** No such task in the workspace's stack, or no such run of it. */
  TASK_NOT_FOUND(HttpStatus.NOT_FOUND),
  /** No handler for this path. */
  NOT_FOUND(HttpStatus.NOT_FOUND),
  /** The user name is taken. */
  USERNAME_TAKEN(HttpStatus.CONFLICT),
  /** A file or folder with this path already exists in the workspace. */
  FILE_EXISTS(HttpStatus.CONFLICT),
  /** The user has as many workspaces as {@code atelier.workspace.max-per-user} allows. */
  QUOTA_EXCEEDED(HttpStatus.CONFLICT),
  /** The workspace's phase does not allow the operation (e.g. start while running). */
  WRONG_STATE(HttpStatus.CONFLICT),
  /**
   * Port preview: the workspace's server answered with something that is not valid HTTP/1.1 (a
   * malformed or oversized response head, a handshake it did not complete).
   */
  BAD_UPSTREAM_RESPONSE(HttpStatus.BAD_GATEWAY),
  /**
   * A state-changing browser request without the CSRF token of its session (a form from another
   * site, or a page older than the session).
   */
  CSRF_REJECTED(HttpStatus.FORBIDDEN),
  /** The request body, an uploaded file or the number of multipart parts is over the limit. */
  PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE),
  /** The request is not well-formed (e.g. a multipart body that cannot be parsed). */
  MALFORMED_REQUEST(HttpStatus.BAD_REQUEST),
  /** Too many failed sign-ins or secret checks; {@code Retry-After} says when to try again. */
  TOO_MANY_ATTEMPTS(HttpStatus.TOO_MANY_REQUESTS),
  /** The workspace runtime did not answer in time or refused the request. */
  RUNTIME_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
  /** An unexpected error; the problem carries a reference to find it in the server log. */
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR);

  private final HttpStatus status;

  ErrorCode(HttpStatus status) {
    this.status = status;
  }

  public HttpStatus status() {
    return status;
  }

  /** The problem {@code type} URI, e.g. {@code urn:atelier:problem:unknown-stack}. */
  public String typeUri() {
    return "urn:atelier:problem:" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
