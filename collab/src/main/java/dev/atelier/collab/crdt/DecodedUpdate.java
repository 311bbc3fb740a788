package dev.atelier.collab.crdt;

import java.util.List;
import java.util.Map;

/**
 * A fully decoded and validated v1 update: the structs per client block in wire order, and the
 * delete set entries in wire order.
 */
record DecodedUpdate(List<ClientBlock> blocks, List<Map.Entry<Long, DeleteSet.Ranges>> deletes) {

  /** The structs of one client, consecutive from the block's first clock. */
  record ClientBlock(long client, Ref[] refs) {}
}
