package dev.atelier.collab.crdt;

import java.util.ArrayList;
import java.util.List;

/** Test helper: documents that record their update events. */
final class Peers {
  private Peers() {}

  static final class Peer {
    final Doc doc;
    final List<byte[]> updates = new ArrayList<>();

    Peer(long client) {
      doc = new Doc(client);
      doc.onUpdate(
          (u, origin) -> {
            if (!"remote".equals(origin)) {
              updates.add(u);
            }
          });
    }

    void apply(byte[] update) {
      Updates.applyUpdate(doc, update, "remote");
    }

    List<byte[]> drain() {
      List<byte[]> out = new ArrayList<>(updates);
      updates.clear();
      return out;
    }
  }

  /** Exchanges full state both ways. */
  static void sync(Doc a, Doc b) {
    Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a, Updates.encodeStateVector(b)), "remote");
    Updates.applyUpdate(a, Updates.encodeStateAsUpdate(b, Updates.encodeStateVector(a)), "remote");
  }
}
