/**
 * Workspace files through the product: listing, create, rename/move, delete, upload, download (a
 * folder as a zip), text detection for the editor, search across files and the file list for quick
 * open, both respecting {@code .gitignore}. Every call is checked with {@code WorkspaceAccess}.
 */
package dev.atelier.server.files;
