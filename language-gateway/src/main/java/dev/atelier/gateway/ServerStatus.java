package dev.atelier.gateway;

import java.util.List;

/**
 * The state of one language server of a workspace, for status displays.
 *
 * @param key the server's key: its languages joined with {@code +}
 * @param languages the stack language ids it serves
 * @param state where it is in its lifecycle
 * @param restarts how often it was restarted after crashing
 * @param openDocuments how many documents it has open
 * @param message why it failed (for {@link State#FAILED}), else empty
 */
public record ServerStatus(
    String key,
    List<String> languages,
    State state,
    int restarts,
    int openDocuments,
    String message) {

  /** Lifecycle of a language server process. */
  public enum State {
    /** Not started (no document of its languages open yet), or stopped when idle. */
    IDLE,
    /** Process started, {@code initialize} not answered yet. */
    STARTING,
    /** Serving requests. */
    RUNNING,
    /** Crashed; a restart is scheduled. */
    RESTARTING,
    /** Could not start (not installed, crashed too often); the next open tries again later. */
    FAILED,
    /** Shutting down. */
    STOPPING
  }
}
