package dev.atelier.collab.crdt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Undo and redo for changes to some shared types, limited to transactions whose origin is tracked —
 * so each user (each origin) undoes only their own edits, never a collaborator's. Changes made
 * within the capture timeout (500 ms) of each other form one undo step; {@link #stopCapturing()}
 * ends a step early. Follows Yjs's UndoManager, so undo results match.
 */
public final class UndoManager implements AutoCloseable {
  /** Default capture timeout in milliseconds, as in Yjs. */
  public static final long DEFAULT_CAPTURE_TIMEOUT_MS = 500;

  private final Doc doc;
  private final List<AbstractType<?>> scope;
  private final Set<Object> trackedOrigins;
  private final long captureTimeout;
  private final LongSupplier clock;
  final List<StackItem> undoStack = new ArrayList<>();
  final List<StackItem> redoStack = new ArrayList<>();
  private boolean undoing;
  private boolean redoing;
  private StackItem currStackItem;
  private long lastChange;
  private final AutoCloseable registration;

  /** A step: what it inserted and what it deleted. */
  static final class StackItem {
    DeleteSet insertions;
    DeleteSet deletions;

    StackItem(DeleteSet deletions, DeleteSet insertions) {
      this.deletions = deletions;
      this.insertions = insertions;
    }
  }

  /**
   * @param scope the type whose changes are undone (changes to nested types included)
   * @param trackedOrigins transaction origins to track; a null element tracks transactions without
   *     origin. A Class element tracks every origin of that class.
   */
  public UndoManager(AbstractType<?> scope, Set<Object> trackedOrigins) {
    this(List.of(scope), trackedOrigins);
  }

  public UndoManager(List<? extends AbstractType<?>> scope, Set<Object> trackedOrigins) {
    this(scope, trackedOrigins, DEFAULT_CAPTURE_TIMEOUT_MS, System::currentTimeMillis);
  }

  /** With an explicit capture timeout and clock (milliseconds). */
  public UndoManager(
      List<? extends AbstractType<?>> scope,
      Set<Object> trackedOrigins,
      long captureTimeoutMillis,
      LongSupplier clockMillis) {
    if (scope.isEmpty()) {
      throw new IllegalArgumentException("scope must name at least one type");
    }
    this.doc = scope.get(0).requireDoc();
    this.scope = new ArrayList<>(new LinkedHashSet<>(scope));
    this.trackedOrigins = new HashSet<>(trackedOrigins);
    this.trackedOrigins.add(this);
    this.captureTimeout = captureTimeoutMillis;
    this.clock = clockMillis;
    this.registration = doc.onAfterTransaction(this::afterTransaction);
  }

  private boolean tracked(Object origin) {
    return trackedOrigins.contains(origin)
        || (origin != null && trackedOrigins.contains(origin.getClass()));
  }

  private boolean inScope(Item item) {
    for (AbstractType<?> t : scope) {
      if (isParentOf(t, item)) {
        return true;
      }
    }
    return false;
  }

  static boolean isParentOf(AbstractType<?> parent, Item child) {
    while (child != null) {
      if (child.parent == parent) {
        return true;
      }
      child = child.parent.item;
    }
    return false;
  }

  static void keepItem(Item item, boolean keep) {
    while (item != null && item.keep() != keep) {
      item.setKeep(keep);
      item = item.parent.item;
    }
  }

  private void afterTransaction(Transaction tr) {
    boolean touched = false;
    for (AbstractType<?> t : scope) {
      touched |= tr.changedParentTypes().containsKey(t);
    }
    if (!touched || !tracked(tr.origin)) {
      return;
    }
    List<StackItem> stack = undoing ? redoStack : undoStack;
    if (undoing) {
      stopCapturing();
    } else if (!redoing) {
      clear(false, true);
    }
    DeleteSet insertions = new DeleteSet();
    tr.changedClients()
        .forEach(
            (client, before) ->
                insertions.add(client, before, tr.doc.store.getState(client) - before));
    long now = clock.getAsLong();
    if (lastChange > 0
        && now - lastChange < captureTimeout
        && !stack.isEmpty()
        && !undoing
        && !redoing) {
      StackItem last = stack.get(stack.size() - 1);
      last.deletions = DeleteSet.merge(List.of(last.deletions, tr.deleteSet));
      last.insertions = DeleteSet.merge(List.of(last.insertions, insertions));
    } else {
      stack.add(new StackItem(tr.deleteSet, insertions));
    }
    if (!undoing && !redoing) {
      lastChange = now;
    }
    // deleted content of a tracked step must survive garbage collection so it can come back
    TransactionCleanup.iterateDeleted(
        tr,
        s -> {
          if (s instanceof Item item && inScope(item)) {
            keepItem(item, true);
          }
        });
  }

  /** Undoes the last step; returns whether anything changed. */
  public boolean undo() {
    undoing = true;
    try {
      return popStackItem(undoStack);
    } finally {
      undoing = false;
    }
  }

  /** Redoes the last undone step; returns whether anything changed. */
  public boolean redo() {
    redoing = true;
    try {
      return popStackItem(redoStack);
    } finally {
      redoing = false;
    }
  }

  public boolean canUndo() {
    return !undoStack.isEmpty();
  }

  public boolean canRedo() {
    return !redoStack.isEmpty();
  }

  /** The next change starts a new undo step even within the capture timeout. */
  public void stopCapturing() {
    lastChange = 0;
  }

  /** Forgets both stacks (deleted content may then be garbage collected). */
  public void clear() {
    clear(true, true);
  }

  private void clear(boolean clearUndo, boolean clearRedo) {
    if ((clearUndo && canUndo()) || (clearRedo && canRedo())) {
      doc.tx(
          tr -> {
            if (clearUndo) {
              undoStack.forEach(item -> release(tr, item));
              undoStack.clear();
            }
            if (clearRedo) {
              redoStack.forEach(item -> release(tr, item));
              redoStack.clear();
            }
          });
    }
  }

  private void release(Transaction tr, StackItem stackItem) {
    TransactionCleanup.iterateDeleted(
        tr,
        stackItem.deletions,
        s -> {
          if (s instanceof Item item && inScope(item)) {
            keepItem(item, false);
          }
        });
  }

  private boolean popStackItem(List<StackItem> stack) {
    doc.transact(
        tr -> {
          while (!stack.isEmpty() && currStackItem == null) {
            StackItem stackItem = stack.remove(stack.size() - 1);
            LinkedHashSet<Item> itemsToRedo = new LinkedHashSet<>();
            List<Item> itemsToDelete = new ArrayList<>();
            TransactionCleanup.iterateDeleted(
                tr,
                stackItem.insertions,
                s -> {
                  if (s instanceof Item item) {
                    Struct target = item;
                    if (item.redone != null) {
                      target = Redo.followRedone(tr, item.client, item.clock);
                    }
                    if (target instanceof Item t && !t.isDeleted() && inScope(t)) {
                      itemsToDelete.add(t);
                    }
                  }
                });
            TransactionCleanup.iterateDeleted(
                tr,
                stackItem.deletions,
                s -> {
                  if (s instanceof Item item
                      && inScope(item)
                      && !stackItem.insertions.isDeleted(item.client, item.clock)) {
                    itemsToRedo.add(item);
                  }
                });
            boolean performedChange = false;
            for (Item item : itemsToRedo) {
              performedChange |=
                  Redo.redoItem(tr, item, itemsToRedo, stackItem.insertions, this) != null;
            }
            for (int i = itemsToDelete.size() - 1; i >= 0; i--) {
              itemsToDelete.get(i).delete(tr);
              performedChange = true;
            }
            currStackItem = performedChange ? stackItem : null;
          }
          for (Map.Entry<AbstractType<?>, Set<String>> e : tr.changedTypes()) {
            if (e.getValue().contains(null) && e.getKey().markers != null) {
              e.getKey().markers.clear();
            }
          }
        },
        this,
        true);
    boolean done = currStackItem != null;
    currStackItem = null;
    return done;
  }

  boolean deletedByStacks(long client, long clock) {
    for (StackItem s : undoStack) {
      if (s.deletions.isDeleted(client, clock)) {
        return true;
      }
    }
    for (StackItem s : redoStack) {
      if (s.deletions.isDeleted(client, clock)) {
        return true;
      }
    }
    return false;
  }

  /** Stops tracking; the stacks are dropped. */
  @Override
  public void close() {
    trackedOrigins.remove(this);
    try {
      registration.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
