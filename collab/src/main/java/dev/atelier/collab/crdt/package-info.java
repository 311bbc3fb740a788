/**
 * A pure-Java CRDT compatible with Yjs 13.6: {@link dev.atelier.collab.crdt.Doc} with shared types
 * ({@link dev.atelier.collab.crdt.YText}, {@link dev.atelier.collab.crdt.YMap}, {@link
 * dev.atelier.collab.crdt.YArray}, nested and XML types), observers, {@link
 * dev.atelier.collab.crdt.UndoManager}, and the v1 update format in {@link
 * dev.atelier.collab.crdt.Updates}. Byte-compatible with Yjs for the same operations and client
 * ids. No I/O, no framework dependencies.
 */
package dev.atelier.collab.crdt;
