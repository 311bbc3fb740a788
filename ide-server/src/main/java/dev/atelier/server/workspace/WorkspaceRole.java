package dev.atelier.server.workspace;

/**
 * What a user may do in a workspace, weakest first, so that {@link #atLeast} is an ordinal
 * comparison.
 *
 * <ul>
 *   <li>{@link #READ}: see files, presence, build log, problems and port previews; join documents
 *       read-only (awareness only, no edits).
 *   <li>{@link #WRITE}: additionally edit files, use terminals, run tasks.
 *   <li>{@link #OWNER}: additionally start, stop and delete the workspace and manage share links.
 * </ul>
 */
public enum WorkspaceRole {
  READ,
  WRITE,
  OWNER;

  /** Whether this role includes everything {@code required} allows. */
  public boolean atLeast(WorkspaceRole required) {
    return compareTo(required) >= 0;
  }
}
