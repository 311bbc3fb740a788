package dev.atelier.collab.crdt;

/** Receives the v1 update of each transaction that changed the document. */
@FunctionalInterface
public interface UpdateListener {
  /**
   * @param update the changes of one transaction, in Yjs's v1 update format
   * @param origin the transaction's origin (for applied updates, the origin given to applyUpdate),
   *     possibly null
   */
  void onUpdate(byte[] update, Object origin);
}
