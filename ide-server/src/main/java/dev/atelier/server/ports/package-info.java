/**
 * Ports a workspace listens on and their previews, served on host names of their own ({@code
 * atelier.preview.url}) so that a previewed page never runs on the IDE's origin: "Open preview" at
 * {@code /w/{workspaceId}/port/{port}/**} on the IDE hands out a one-time ticket, the preview host
 * exchanges it for its own cookie and proxies HTTP (streamed bodies) and WebSocket upgrades, only
 * to ports the workspace's own processes listen on, and only through {@code
 * WorkspaceRuntime.openPort} (a byte stream opened from inside the workspace; the server never
 * dials a host address for a preview).
 */
package dev.atelier.server.ports;
