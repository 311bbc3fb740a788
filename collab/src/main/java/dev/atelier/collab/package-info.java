/**
 * Atelier's collaboration core: a pure-Java CRDT speaking Yjs's v1 update format ({@code crdt}) and
 * the y-protocols sync and awareness messages with y-websocket framing ({@code protocol}).
 */
package dev.atelier.collab;
