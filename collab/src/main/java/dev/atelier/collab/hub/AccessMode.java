package dev.atelier.collab.hub;

/** What a peer may do in a room. Awareness (cursors, presence) is allowed in both modes. */
public enum AccessMode {
  /** Sync step 2 and update frames are applied, logged and broadcast. */
  READ_WRITE,
  /**
   * Writes are refused: a sync step 2 is dropped silently (every y-websocket client answers the
   * server's step 1 with one, even when read-only), an update is dropped and answered with a
   * permission-denied auth frame (type 2), which the y-websocket client logs without disconnecting.
   */
  READ_ONLY
}
