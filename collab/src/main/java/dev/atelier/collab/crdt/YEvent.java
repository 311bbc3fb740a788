package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;

/**
 * What one transaction changed in one shared type. Details are computed on demand and only while
 * the observer runs (afterwards the transaction's bookkeeping is gone).
 */
public class YEvent {
  final AbstractType<?> target;
  final Transaction tr;

  YEvent(AbstractType<?> target, Transaction tr) {
    this.target = target;
    this.tr = tr;
  }

  /** The changed type. */
  public AbstractType<?> target() {
    return target;
  }

  /** The origin passed to the transaction (e.g. a user or connection), possibly null. */
  public Object origin() {
    return tr.origin;
  }

  /** True for changes made through this document's API, false for applied updates. */
  public boolean isLocal() {
    return tr.local;
  }

  final void checkLive() {
    if (tr.doc.cleanupsFinished(tr)) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION, "event details must be read inside the observer");
    }
  }

  boolean adds(Struct s) {
    return tr.adds(s);
  }

  boolean deletes(Struct s) {
    return tr.deletes(s);
  }
}
