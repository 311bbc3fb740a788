package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Writer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A collaborative document: named root types, the struct store and transactions. Compatible with
 * Yjs 13.6 documents and updates. Not thread-safe: confine a document to one thread (or lock).
 */
public final class Doc {
  private static final SecureRandom RANDOM = new SecureRandom();

  final StructStore store = new StructStore();
  final LinkedHashMap<String, AbstractType<?>> share = new LinkedHashMap<>();
  long clientId;
  boolean gc = true;
  Transaction current;
  final List<Transaction> cleanups = new ArrayList<>();
  final List<UpdateListener> updateListeners = new ArrayList<>();
  final List<Consumer<Transaction>> afterTransactionListeners = new ArrayList<>();

  /** Ever-increasing stamp for search markers (which one is least recently used). */
  long markerClock;

  private RuntimeException listenerFailure;

  /** A document with a random 53-bit client id. */
  public Doc() {
    this(RANDOM.nextLong() & Lib0Writer.MAX_SAFE_INTEGER);
  }

  public Doc(long clientId) {
    if (clientId < 0 || clientId > Lib0Writer.MAX_SAFE_INTEGER) {
      throw new CollabException(
          ErrorCode.INVALID_OPERATION, "client id must be within [0, 2^53-1]: " + clientId);
    }
    this.clientId = clientId;
  }

  public long clientId() {
    return clientId;
  }

  /** Whether deleted content is garbage collected (default true). */
  public boolean isGc() {
    return gc;
  }

  /**
   * Turns garbage collection of deleted content on or off. With it off, deleted content is kept
   * (needed for snapshots/history, at the cost of memory and larger updates).
   */
  public void setGc(boolean gc) {
    this.gc = gc;
  }

  public YText getText(String name) {
    return get(name, YText.class, YText::new);
  }

  public YMap getMap(String name) {
    return get(name, YMap.class, YMap::new);
  }

  public YArray getArray(String name) {
    return get(name, YArray.class, YArray::new);
  }

  public YXmlFragment getXmlFragment(String name) {
    return get(name, YXmlFragment.class, YXmlFragment::new);
  }

  /** Names of the root types known to this document. */
  public java.util.Set<String> rootNames() {
    return java.util.Collections.unmodifiableSet(share.keySet());
  }

  private <T extends AbstractType<?>> T get(String name, Class<T> kind, Supplier<T> create) {
    AbstractType<?> existing = share.get(name);
    if (existing == null) {
      T t = create.get();
      t.rootName = name;
      share.put(name, t);
      t.integrate(this, null);
      return t;
    }
    if (existing.getClass() == kind) {
      return kind.cast(existing);
    }
    if (existing instanceof UnresolvedType) {
      T t = create.get();
      t.rootName = name;
      t.start = existing.start;
      for (Item n = t.start; n != null; n = n.right) {
        n.parent = t;
      }
      existing.map.forEach(
          (k, v) -> {
            for (Item n = v; n != null; n = n.left) {
              n.parent = t;
            }
          });
      t.map.putAll(existing.map);
      t.length = existing.length;
      t.formatsSeen = existing.formatsSeen;
      share.put(name, t);
      t.integrate(this, null);
      return t;
    }
    throw new CollabException(
        ErrorCode.INVALID_OPERATION,
        "root type '"
            + name
            + "' is a "
            + existing.getClass().getSimpleName()
            + ", not a "
            + kind.getSimpleName());
  }

  /** The root type {@code name} for content arriving in an update, created if unknown. */
  AbstractType<?> rootForUpdate(String name) {
    AbstractType<?> t = share.get(name);
    if (t == null) {
      t = new UnresolvedType();
      t.rootName = name;
      share.put(name, t);
      t.integrate(this, null);
    }
    return t;
  }

  /**
   * Runs {@code fn} as one transaction with {@code origin}: observers and update listeners are
   * called once, afterwards. Calls nested inside another transaction join it.
   */
  public void transact(Runnable fn, Object origin) {
    transact(tr -> fn.run(), origin, true);
  }

  public void transact(Runnable fn) {
    transact(fn, null);
  }

  void tx(Consumer<Transaction> fn) {
    transact(fn, null, true);
  }

  void transact(Consumer<Transaction> fn, Object origin, boolean local) {
    Transaction tr = current;
    boolean initialCall = tr == null;
    if (initialCall) {
      tr = startTransaction(origin, local);
    }
    try {
      fn.accept(tr);
    } finally {
      if (initialCall) {
        finishTransaction(tr);
      }
    }
  }

  /**
   * Opens a transaction when none is running (hot paths use this pair instead of a lambda). Pair
   * with {@link #finishTransaction} in a finally block.
   */
  Transaction startTransaction(Object origin, boolean local) {
    current = new Transaction(this, origin, local);
    cleanups.add(current);
    return current;
  }

  void finishTransaction(Transaction tr) {
    boolean finishCleanup = tr == cleanups.get(0);
    current = null;
    if (finishCleanup) {
      TransactionCleanup.run(this);
      if (listenerFailure != null) {
        RuntimeException e = listenerFailure;
        listenerFailure = null;
        throw e;
      }
    }
  }

  /** Calls an observer; a failing observer does not stop the others or the cleanup. */
  void runListener(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      if (listenerFailure == null) {
        listenerFailure = e;
      } else {
        listenerFailure.addSuppressed(e);
      }
    }
  }

  boolean cleanupsFinished(Transaction tr) {
    return !cleanups.contains(tr);
  }

  /**
   * Calls {@code listener} with the update of every transaction that changes this document.
   *
   * @return closing it removes the listener
   */
  public AutoCloseable onUpdate(UpdateListener listener) {
    updateListeners.add(listener);
    return () -> updateListeners.remove(listener);
  }

  AutoCloseable onAfterTransaction(Consumer<Transaction> listener) {
    afterTransactionListeners.add(listener);
    return () -> afterTransactionListeners.remove(listener);
  }

  static long randomClientId() {
    return RANDOM.nextLong() & Lib0Writer.MAX_SAFE_INTEGER;
  }
}
