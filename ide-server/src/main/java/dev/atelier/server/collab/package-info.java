/**
 * Live collaboration in the server: the y-websocket endpoint {@code /collab/{workspaceId}/{path}}
 * (one CRDT room per workspace file, served by the {@code collab} module's {@code DocumentHub}),
 * the presence room {@code /collab/{workspaceId}} (awareness plus the owner-only {@code session}
 * map for lecture mode), and the file sync between the rooms and the workspace files (debounced
 * atomic writes, disk changes merged back, saves and dirty state for the workbench, text for the
 * language gateway).
 */
package dev.atelier.server.collab;
