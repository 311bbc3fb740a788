package dev.atelier.collab.traces;

import dev.atelier.collab.crdt.Doc;
import dev.atelier.collab.crdt.Updates;
import dev.atelier.collab.crdt.YText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/** Replays editing traces on Java docs (and, through {@link Replica}, on yjs docs). */
public final class TraceReplay {

  private TraceReplay() {}

  /**
   * Sequential trace as local edits, one transaction per patch, into {@code doc.getText("text")}.
   */
  public static void replayLocal(Doc doc, EditingTrace trace) {
    YText text = doc.getText("text");
    for (EditingTrace.Txn txn : trace.txns()) {
      for (EditingTrace.Patch p : txn.patches()) {
        doc.transact(() -> apply(text, p), null);
      }
    }
  }

  static void apply(YText text, EditingTrace.Patch p) {
    if (p.delete() > 0) {
      text.delete(p.pos(), p.delete());
    }
    if (!p.insert().isEmpty()) {
      text.insert(p.pos(), p.insert());
    }
  }

  /** One agent's replica in a concurrent replay. */
  public interface Replica {
    /** Applies the updates of txns the replica lacks, then runs {@code txn}; returns its update. */
    byte[] run(List<byte[]> missing, EditingTrace.Txn txn);

    /** Applies updates without running anything. */
    void deliver(List<byte[]> updates);
  }

  /**
   * Replays a concurrent trace with one replica per agent. Before an agent runs txn {@code i}, its
   * replica receives exactly the txns of {@code i}'s parent closure it lacks (in index order, which
   * is topological: parents precede their children), so the txn's positions refer to the version
   * they were recorded against. At the end every replica receives everything it lacks.
   */
  public static void replayConcurrent(EditingTrace trace, List<Replica> replicas) {
    int n = trace.txns().size();
    byte[][] updates = new byte[n][];
    BitSet[] applied = new BitSet[replicas.size()];
    for (int a = 0; a < applied.length; a++) {
      applied[a] = new BitSet(n);
    }
    for (int i = 0; i < n; i++) {
      EditingTrace.Txn txn = trace.txns().get(i);
      BitSet mine = applied[txn.agent()];
      List<byte[]> missing = new ArrayList<>();
      for (int j : missingAncestors(trace, txn.parents(), mine)) {
        missing.add(updates[j]);
        mine.set(j);
      }
      updates[i] = replicas.get(txn.agent()).run(missing, txn);
      if (updates[i] == null) {
        throw new IllegalStateException("txn " + i + " produced no update");
      }
      mine.set(i);
    }
    for (int a = 0; a < replicas.size(); a++) {
      List<byte[]> rest = new ArrayList<>();
      for (int j = applied[a].nextClearBit(0); j < n; j = applied[a].nextClearBit(j + 1)) {
        rest.add(updates[j]);
      }
      replicas.get(a).deliver(rest);
    }
  }

  /**
   * The ancestors (parents included) not yet in {@code applied}, ascending. An agent's applied set
   * is closed under ancestry, so the search stops at applied txns.
   */
  static int[] missingAncestors(EditingTrace trace, int[] parents, BitSet applied) {
    BitSet found = new BitSet();
    Deque<Integer> todo = new ArrayDeque<>();
    for (int p : parents) {
      todo.push(p);
    }
    while (!todo.isEmpty()) {
      int t = todo.pop();
      if (applied.get(t) || found.get(t)) {
        continue;
      }
      found.set(t);
      for (int p : trace.txns().get(t).parents()) {
        todo.push(p);
      }
    }
    return found.stream().toArray();
  }

  /** A Java doc as a replica. */
  public static final class JavaReplica implements Replica {
    private final Doc doc;
    private byte[] last;

    public JavaReplica(Doc doc) {
      this.doc = doc;
      doc.onUpdate(
          (u, origin) -> {
            if (origin != REMOTE) {
              last = u;
            }
          });
    }

    private static final Object REMOTE = new Object();

    @Override
    public byte[] run(List<byte[]> missing, EditingTrace.Txn txn) {
      deliver(missing);
      YText text = doc.getText("text");
      last = null;
      doc.transact(() -> txn.patches().forEach(p -> apply(text, p)), null);
      return last;
    }

    @Override
    public void deliver(List<byte[]> updates) {
      updates.forEach(u -> Updates.applyUpdate(doc, u, REMOTE));
    }
  }
}
