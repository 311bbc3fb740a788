/**
 * Terminals: shells in a PTY inside the workspace sandbox that outlive browser connections, with a
 * bounded scrollback replayed on (re)connect, served over {@code /terminal/{workspaceId}/{id}} and
 * managed through {@code /api/workspaces/{id}/terminals}.
 */
package dev.atelier.server.terminal;
