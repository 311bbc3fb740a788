package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Yjs v1 update encoding: documents to updates and back, state vectors, and the document-free
 * functions (merge, diff, state vector of an update) that a server uses to compact logs.
 *
 * <p>Every function that reads bytes validates them completely first and raises {@link
 * CollabException} (TRUNCATED, MALFORMED or LIMIT_EXCEEDED) for bad input, leaving any document
 * exactly as it was.
 */
public final class Updates {

  private static final byte[] EMPTY_STATE_VECTOR = {0};

  private Updates() {}

  /** The whole document as one update. */
  public static byte[] encodeStateAsUpdate(Doc doc) {
    return encodeStateAsUpdate(doc, EMPTY_STATE_VECTOR);
  }

  /** What the document has beyond {@code encodedStateVector} (a peer's state), as an update. */
  public static byte[] encodeStateAsUpdate(Doc doc, byte[] encodedStateVector) {
    byte[] sv = encodedStateVector == null ? EMPTY_STATE_VECTOR : encodedStateVector;
    Map<Long, Long> target = UpdateDecoder.decodeStateVector(sv);
    StructStore store = doc.store;
    Lib0Writer w = new Lib0Writer(1024);
    writeClientsStructs(w, store, target, true);
    DeleteSet.fromStore(store).write(w);
    List<byte[]> updates = new ArrayList<>(3);
    updates.add(w.toByteArray());
    if (store.pendingDs != null) {
      updates.add(store.pendingDs);
    }
    if (store.pendingStructs != null) {
      updates.add(UpdateMerger.diff(store.pendingStructs.update, sv));
    }
    return updates.size() > 1 ? UpdateMerger.merge(updates) : updates.get(0);
  }

  /** The document's state vector: per client, the number of elements received. */
  public static byte[] encodeStateVector(Doc doc) {
    return encodeStateVector(doc.store.stateVector());
  }

  static byte[] encodeStateVector(Map<Long, Long> sv) {
    List<Long> clients = new ArrayList<>(sv.keySet());
    clients.sort((a, b) -> Long.compare(b, a));
    Lib0Writer w = new Lib0Writer();
    w.writeVarUint(clients.size());
    for (long c : clients) {
      w.writeVarUint(c);
      w.writeVarUint(sv.get(c));
    }
    return w.toByteArray();
  }

  /** Decodes a state vector to client → clock. */
  public static Map<Long, Long> decodeStateVector(byte[] encodedStateVector) {
    return UpdateDecoder.decodeStateVector(encodedStateVector);
  }

  public static void applyUpdate(Doc doc, byte[] update) {
    applyUpdate(doc, update, null);
  }

  /**
   * Applies a remote update as one transaction with {@code origin}. Parts that depend on missing
   * updates are kept and applied when the gap is filled.
   *
   * @throws CollabException for malformed input; the document is then unchanged
   */
  public static void applyUpdate(Doc doc, byte[] update, Object origin) {
    DecodedUpdate decoded = UpdateDecoder.decode(update);
    doc.transact(tr -> Integrator.apply(tr, decoded), origin, false);
  }

  /** Merges updates into one that has the same effect as applying all of them. */
  public static byte[] mergeUpdates(List<byte[]> updates) {
    return UpdateMerger.merge(updates);
  }

  /** The part of {@code update} that a peer with {@code encodedStateVector} is missing. */
  public static byte[] diffUpdate(byte[] update, byte[] encodedStateVector) {
    return UpdateMerger.diff(update, encodedStateVector);
  }

  /**
   * The clock ranges {@code update} holds structs for: per client, the first clock ({@code from})
   * and the clock after its last struct ({@code to}) — the same as Yjs's {@code parseUpdateMeta}.
   */
  public record UpdateMeta(Map<Long, Long> from, Map<Long, Long> to) {}

  /** The clock ranges of the structs in {@code update} (its delete set is not looked at). */
  public static UpdateMeta parseUpdateMeta(byte[] update) {
    Map<Long, Long> from = new HashMap<>();
    Map<Long, Long> to = new HashMap<>();
    for (DecodedUpdate.ClientBlock block : UpdateDecoder.decode(update).blocks()) {
      Ref[] refs = block.refs();
      if (refs.length > 0) {
        from.merge(block.client(), refs[0].clock, Math::min);
        to.merge(block.client(), refs[refs.length - 1].endClock(), Math::max);
      }
    }
    return new UpdateMeta(Map.copyOf(from), Map.copyOf(to));
  }

  /** The state vector a document would have after applying only {@code update}. */
  public static byte[] encodeStateVectorFromUpdate(byte[] update) {
    return UpdateMerger.stateVectorFromUpdate(update);
  }

  /**
   * Writes the structs newer than {@code sv}; clients missing from {@code sv} are written from
   * their first clock when {@code includeUnlisted}. Clients in descending id order.
   */
  static void writeClientsStructs(
      Lib0Writer w, StructStore store, Map<Long, Long> sv, boolean includeUnlisted) {
    Map<Long, Long> sm = new HashMap<>();
    sv.forEach(
        (client, clock) -> {
          if (store.getState(client) > clock) {
            sm.put(client, clock);
          }
        });
    if (includeUnlisted) {
      for (Long client : store.clients.keySet()) {
        if (!sv.containsKey(client)) {
          sm.put(client, 0L);
        }
      }
    }
    List<Long> clients = new ArrayList<>(sm.keySet());
    clients.sort((a, b) -> Long.compare(b, a));
    w.writeVarUint(clients.size());
    for (long client : clients) {
      writeStructs(w, store.list(client), client, sm.get(client));
    }
  }

  private static void writeStructs(Lib0Writer w, StructList structs, long client, long clock) {
    clock = Math.max(clock, structs.first().clock);
    int start = structs.findIndex(clock);
    w.writeVarUint(structs.size() - start);
    w.writeVarUint(client);
    w.writeVarUint(clock);
    Struct first = structs.get(start);
    first.write(w, (int) (clock - first.clock));
    int n = structs.size();
    for (int i = start + 1; i < n; i++) {
      structs.get(i).write(w, 0);
    }
  }

  /** The update of one finished transaction (what the update listeners receive). */
  static byte[] encodeTransaction(Transaction tr) {
    Lib0Writer w = new Lib0Writer(64);
    writeClientsStructs(w, tr.doc.store, tr.changedClients(), false);
    tr.deleteSet.write(w);
    return w.toByteArray();
  }
}
