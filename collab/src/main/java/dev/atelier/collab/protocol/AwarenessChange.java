package dev.atelier.collab.protocol;

import java.util.List;

/**
 * What one awareness operation did, as reported to {@link Awareness#onChange} listeners. A
 * transport broadcasts {@code encodeUpdate(added + updated + removed)} for every change, including
 * renewals (an {@code updated} client whose state did not change), so that peers do not time out.
 *
 * @param added clients that now have a state and had none
 * @param updated clients whose state was set again (renewed or changed); includes our own client
 *     when a remote peer tried to null it and we re-announced it
 * @param removed clients whose state was removed
 * @param changed the subset of {@code updated} whose JSON differs from before
 * @param origin the origin passed to the operation ({@link Awareness#ORIGIN_LOCAL}, {@link
 *     Awareness#ORIGIN_TIMEOUT} or the caller's)
 */
public record AwarenessChange(
    List<Long> added, List<Long> updated, List<Long> removed, List<Long> changed, Object origin) {

  public AwarenessChange {
    added = List.copyOf(added);
    updated = List.copyOf(updated);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  /** Every client this change touched: added, then updated, then removed. */
  public List<Long> all() {
    List<Long> all = new java.util.ArrayList<>(added);
    all.addAll(updated);
    all.addAll(removed);
    return all;
  }

  boolean isEmpty() {
    return added.isEmpty() && updated.isEmpty() && removed.isEmpty();
  }
}
