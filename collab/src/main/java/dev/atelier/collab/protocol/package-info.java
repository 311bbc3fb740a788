/**
 * y-protocols messages and y-websocket framing, without I/O or Spring: {@link
 * dev.atelier.collab.protocol.SyncMessage} (step 1, step 2, update) and {@link
 * dev.atelier.collab.protocol.SyncProtocol} to answer them against a document, {@link
 * dev.atelier.collab.protocol.Awareness} (presence states with clocks, null-state removal and the
 * 30 s timeout), and {@link dev.atelier.collab.protocol.Frame}, the WebSocket envelope (0 sync, 1
 * awareness, 2 auth, 3 query awareness). Decoding is bounded by {@link
 * dev.atelier.collab.protocol.ProtocolLimits}; malformed input raises {@link
 * dev.atelier.collab.CollabException} and changes nothing.
 */
package dev.atelier.collab.protocol;
