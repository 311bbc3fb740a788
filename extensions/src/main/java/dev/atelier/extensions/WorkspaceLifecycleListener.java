package dev.atelier.extensions;

/**
 * Told when workspaces start and stop. Called on an event thread of the server, in order per
 * listener; a slow listener delays only itself, and one that throws is logged and carries on.
 */
public interface WorkspaceLifecycleListener {

  /** The workspace is running (after every start, including restarts). */
  default void started(String workspaceId) {}

  /** The workspace is about to stop; its files are still reachable. */
  default void stopping(String workspaceId) {}

  /** The workspace stopped or failed; its processes are gone. */
  default void stopped(String workspaceId) {}
}
