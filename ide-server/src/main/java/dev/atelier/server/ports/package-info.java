/**
 * Ports a workspace listens on and the authenticated preview proxy at {@code
 * /w/{workspaceId}/port/{port}/**} (HTTP with streamed bodies and WebSocket upgrades), which only
 * reaches ports the workspace's own processes listen on, and only through {@code
 * WorkspaceRuntime.openPort} (a byte stream opened from inside the workspace; the server never
 * dials a host address for a preview).
 */
package dev.atelier.server.ports;
