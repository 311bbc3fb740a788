package dev.atelier.server.events;

/**
 * An open document's text and its file went apart ({@code dirty}: edits not yet written) or back
 * together (written). Published by the collaborative file sync; the workbench shows it as the dirty
 * marker of the document's tab.
 *
 * @param workspaceId the workspace
 * @param path the workspace-relative file path
 * @param dirty whether the document holds edits the file does not have yet
 */
public record DocumentStateEvent(String workspaceId, String path, boolean dirty) {}
