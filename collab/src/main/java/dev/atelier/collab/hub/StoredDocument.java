package dev.atelier.collab.hub;

import java.util.List;

/**
 * A room's persisted state: a snapshot (a v1 update, empty when never compacted) and the updates
 * appended since, in order. Applying the snapshot then every log entry rebuilds the document;
 * applying an entry already contained in the snapshot is harmless (Yjs updates are idempotent).
 *
 * @param snapshot merged state, possibly empty; not copied
 * @param log updates appended after the snapshot, oldest first
 */
public record StoredDocument(byte[] snapshot, List<byte[]> log) {

  public StoredDocument {
    if (snapshot == null || log == null) {
      throw new IllegalArgumentException("snapshot and log are required (use an empty array)");
    }
    log = List.copyOf(log);
  }
}
