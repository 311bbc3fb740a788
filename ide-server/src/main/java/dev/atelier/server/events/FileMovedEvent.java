package dev.atelier.server.events;

/**
 * A user moved or renamed a file or folder through the product (explorer, REST API), so that open
 * documents follow it instead of being closed. Moves made by processes inside the workspace are
 * only visible as a delete plus a create.
 *
 * @param workspaceId the workspace
 * @param from the old workspace-relative path
 * @param to the new workspace-relative path
 * @param directory whether it was a folder (every open document below it moves)
 */
public record FileMovedEvent(String workspaceId, String from, String to, boolean directory) {}
