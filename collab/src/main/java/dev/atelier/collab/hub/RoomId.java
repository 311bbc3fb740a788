package dev.atelier.collab.hub;

/**
 * Names a room: one document per file of a workspace. y-websocket clients address it as {@code
 * workspaceId + '/' + path} (see {@link #parse}).
 *
 * @param workspaceId the workspace, without '/'
 * @param path the file path inside the workspace, relative, '/'-separated
 */
public record RoomId(String workspaceId, String path) {

  public RoomId {
    if (workspaceId == null || workspaceId.isEmpty() || workspaceId.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "workspaceId must be non-empty and contain no '/': " + workspaceId);
    }
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("path must be non-empty");
    }
    if (workspaceId.indexOf('\0') >= 0 || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("room ids must not contain NUL characters");
    }
  }

  /**
   * Parses a y-websocket room name {@code workspaceId/path} (split at the first '/').
   *
   * @throws IllegalArgumentException when there is no '/' or either part is empty
   */
  public static RoomId parse(String roomName) {
    int slash = roomName == null ? -1 : roomName.indexOf('/');
    if (slash <= 0 || slash == roomName.length() - 1) {
      throw new IllegalArgumentException("room name must be 'workspaceId/path', got: " + roomName);
    }
    return new RoomId(roomName.substring(0, slash), roomName.substring(slash + 1));
  }

  /** The y-websocket room name, {@code workspaceId/path}. */
  @Override
  public String toString() {
    return workspaceId + '/' + path;
  }
}
