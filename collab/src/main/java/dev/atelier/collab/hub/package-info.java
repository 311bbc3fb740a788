/**
 * The transport-agnostic collaboration hub: {@link dev.atelier.collab.hub.DocumentHub} holds one
 * authoritative document per {@link dev.atelier.collab.hub.RoomId} (workspace + file path), speaks
 * y-websocket frames with its {@link dev.atelier.collab.hub.Peer}s through {@link
 * dev.atelier.collab.hub.PeerConnection}, enforces {@link dev.atelier.collab.hub.AccessMode}, and
 * makes every accepted update durable through the {@link dev.atelier.collab.hub.DocumentStore} SPI
 * ({@link dev.atelier.collab.hub.FileDocumentStore}: snapshot + CRC-checked append-only log) before
 * anyone else sees it. No Spring and no network code: a WebSocket endpoint adapts it.
 */
package dev.atelier.collab.hub;
