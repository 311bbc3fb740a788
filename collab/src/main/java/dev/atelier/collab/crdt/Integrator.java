package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a decoded update inside a transaction: integrates structs in causal order, parks what
 * depends on missing structs (pending structs), applies deletions and parks deletions of structs
 * not received yet (pending delete set), and retries the parked part when a gap is filled.
 */
final class Integrator {

  private Integrator() {}

  private static final class ClientRefs {
    Ref[] refs;
    int i;

    ClientRefs(Ref[] refs) {
      this.refs = refs;
    }
  }

  static void apply(Transaction tr, DecodedUpdate u) {
    tr.local = false;
    StructStore store = tr.doc.store;
    Map<Long, ClientRefs> ss = new HashMap<>();
    for (DecodedUpdate.ClientBlock b : u.blocks()) {
      ss.put(b.client(), new ClientRefs(b.refs()));
    }
    StructStore.PendingStructs rest = integrateStructs(tr, store, ss);
    boolean retry = false;
    StructStore.PendingStructs pending = store.pendingStructs;
    if (pending != null) {
      for (Map.Entry<Long, Long> e : pending.missing.entrySet()) {
        if (e.getValue() < store.getState(e.getKey())) {
          retry = true;
          break;
        }
      }
      if (rest != null) {
        rest.missing.forEach(
            (client, clock) -> {
              Long m = pending.missing.get(client);
              if (m == null || m > clock) {
                pending.missing.put(client, clock);
              }
            });
        pending.update = UpdateMerger.merge(List.of(pending.update, rest.update));
      }
    } else {
      store.pendingStructs = rest;
    }
    byte[] dsRest = applyDeleteSet(tr, u.deletes(), store);
    if (store.pendingDs != null) {
      DecodedUpdate pendingDs = UpdateDecoder.decode(store.pendingDs);
      byte[] dsRest2 = applyDeleteSet(tr, pendingDs.deletes(), store);
      if (dsRest != null && dsRest2 != null) {
        store.pendingDs = UpdateMerger.merge(List.of(dsRest, dsRest2));
      } else {
        store.pendingDs = dsRest != null ? dsRest : dsRest2;
      }
    } else {
      store.pendingDs = dsRest;
    }
    if (retry) {
      byte[] update = store.pendingStructs.update;
      store.pendingStructs = null;
      apply(tr, UpdateDecoder.decode(update));
    }
  }

  private static StructStore.PendingStructs integrateStructs(
      Transaction tr, StructStore store, Map<Long, ClientRefs> ss) {
    List<Long> ids = new ArrayList<>(ss.keySet());
    ids.sort(Long::compare);
    if (ids.isEmpty()) {
      return null;
    }
    ClientRefs cur = nextTarget(ids, ss);
    if (cur == null) {
      return null;
    }
    ArrayDeque<Ref> stack = new ArrayDeque<>();
    LinkedHashMap<Long, List<Ref>> restStructs = new LinkedHashMap<>();
    Map<Long, Long> missingSv = new LinkedHashMap<>();
    // local clock per client while integrating (one client at a time is the common case)
    Map<Long, Long> state = new HashMap<>();
    long cachedClient = -1;
    long cachedClock = 0;
    Resolution res = new Resolution();
    Ref head = cur.refs[cur.i++];
    while (true) {
      if (head.kind != Ref.SKIP) {
        long localClock;
        if (head.client == cachedClient) {
          localClock = cachedClock;
        } else {
          Long known = state.get(head.client);
          localClock = known != null ? known : store.getState(head.client);
          state.put(head.client, localClock);
          cachedClient = head.client;
          cachedClock = localClock;
        }
        long offset = localClock - head.clock;
        if (offset < 0) {
          // an earlier update from the same client is missing
          stack.push(head);
          updateMissing(missingSv, head.client, head.clock - 1);
          addStackToRest(stack, ss, ids, restStructs);
        } else {
          res.reset();
          if (head.kind == Ref.ITEM) {
            resolve(tr, store, head, res);
          }
          if (res.missing >= 0) {
            stack.push(head);
            ClientRefs refs = ss.get(res.missing);
            if (refs == null || refs.refs.length == refs.i) {
              // depends on an update that has not arrived
              updateMissing(missingSv, res.missing, store.getState(res.missing));
              addStackToRest(stack, ss, ids, restStructs);
            } else {
              head = refs.refs[refs.i++];
              continue;
            }
          } else if (offset == 0 || offset < head.length) {
            integrate(tr, store, head, (int) offset, res);
            state.put(head.client, head.endClock());
            if (head.client == cachedClient) {
              cachedClock = head.endClock();
            }
          }
        }
      }
      if (!stack.isEmpty()) {
        head = stack.pop();
      } else if (cur != null && cur.i < cur.refs.length) {
        head = cur.refs[cur.i++];
      } else {
        cur = nextTarget(ids, ss);
        if (cur == null) {
          break;
        }
        head = cur.refs[cur.i++];
      }
    }
    if (restStructs.isEmpty()) {
      return null;
    }
    Lib0Writer w = new Lib0Writer();
    List<Long> clients = new ArrayList<>(restStructs.keySet());
    clients.sort((a, b) -> Long.compare(b, a));
    w.writeVarUint(clients.size());
    for (long client : clients) {
      List<Ref> refs = restStructs.get(client);
      w.writeVarUint(refs.size());
      w.writeVarUint(client);
      w.writeVarUint(refs.get(0).clock);
      for (Ref r : refs) {
        r.write(w, 0);
      }
    }
    w.writeVarUint(0);
    return new StructStore.PendingStructs(missingSv, w.toByteArray());
  }

  private static ClientRefs nextTarget(List<Long> ids, Map<Long, ClientRefs> ss) {
    if (ids.isEmpty()) {
      return null;
    }
    ClientRefs t = ss.get(ids.get(ids.size() - 1));
    while (t.refs.length == t.i) {
      ids.remove(ids.size() - 1);
      if (ids.isEmpty()) {
        return null;
      }
      t = ss.get(ids.get(ids.size() - 1));
    }
    return t;
  }

  private static void updateMissing(Map<Long, Long> missing, long client, long clock) {
    Long m = missing.get(client);
    if (m == null || m > clock) {
      missing.put(client, clock);
    }
  }

  private static void addStackToRest(
      ArrayDeque<Ref> stack, Map<Long, ClientRefs> ss, List<Long> ids, Map<Long, List<Ref>> rest) {
    // iterate in insertion order (bottom of the stack first), like the array it mirrors
    List<Ref> items = new ArrayList<>(stack);
    java.util.Collections.reverse(items);
    for (Ref item : items) {
      long client = item.client;
      ClientRefs inapplicable = ss.get(client);
      if (inapplicable != null) {
        inapplicable.i--;
        rest.put(
            client,
            new ArrayList<>(
                Arrays.asList(inapplicable.refs)
                    .subList(inapplicable.i, inapplicable.refs.length)));
        ss.remove(client);
        inapplicable.i = 0;
        inapplicable.refs = new Ref[0];
      } else {
        List<Ref> one = new ArrayList<>();
        one.add(item);
        rest.put(client, one);
      }
      ids.removeIf(c -> c == client);
    }
    stack.clear();
  }

  /** Result of looking up an item's dependencies (one instance reused per update). */
  private static final class Resolution {
    long missing = -1;
    Struct left;
    Struct right;
    AbstractType<?> parent;
    String parentSub;

    void reset() {
      missing = -1;
      left = null;
      right = null;
      parent = null;
      parentSub = null;
    }
  }

  /** Yjs's getMissing: a missing client, or the resolved neighbours and parent. */
  private static void resolve(Transaction tr, StructStore store, Ref r, Resolution res) {
    if (r.originClient >= 0
        && r.originClient != r.client
        && r.originClock >= store.getState(r.originClient)) {
      res.missing = r.originClient;
      return;
    }
    if (r.rightOriginClient >= 0
        && r.rightOriginClient != r.client
        && r.rightOriginClock >= store.getState(r.rightOriginClient)) {
      res.missing = r.rightOriginClient;
      return;
    }
    if (r.parentIdClient >= 0
        && r.parentIdClient != r.client
        && r.parentIdClock >= store.getState(r.parentIdClient)) {
      res.missing = r.parentIdClient;
      return;
    }
    res.parentSub = r.parentSub;
    if (r.originClient >= 0) {
      res.left = store.getItemCleanEnd(tr, r.originClient, r.originClock);
    }
    if (r.rightOriginClient >= 0) {
      res.right = store.getItemCleanStart(tr, r.rightOriginClient, r.rightOriginClock);
    }
    if (res.left instanceof GcStruct || res.right instanceof GcStruct) {
      res.parent = null;
    } else if (!r.hasParentInfo()) {
      if (res.left instanceof Item l) {
        res.parent = l.parent;
        res.parentSub = l.parentSub;
      } else if (res.right instanceof Item rt) {
        res.parent = rt.parent;
        res.parentSub = rt.parentSub;
      }
    } else if (r.parentIdClient >= 0) {
      Struct p = store.find(r.parentIdClient, r.parentIdClock);
      res.parent = p instanceof Item pi && pi.content instanceof ContentType ct ? ct.type : null;
    } else {
      res.parent = tr.doc.rootForUpdate(r.parentName);
    }
  }

  private static void integrate(
      Transaction tr, StructStore store, Ref r, int offset, Resolution res) {
    if (r.kind == Ref.GC) {
      store.addStruct(tr, new GcStruct(r.client, r.clock + offset, r.length - offset));
      return;
    }
    long clock = r.clock;
    Content content = r.content;
    Struct left = res.left;
    long oc = r.originClient;
    long ok = r.originClock;
    if (left != null) {
      oc = left.client;
      ok = left.endClock() - 1;
    }
    AbstractType<?> parent = res.parent;
    if (offset > 0) {
      clock += offset;
      left = store.getItemCleanEnd(tr, r.client, clock - 1);
      oc = left.client;
      ok = left.endClock() - 1;
      content = r.content.splice(offset);
      if (left instanceof GcStruct) {
        // its left neighbour was garbage collected: nothing can be placed relative to it
        parent = null;
      }
    }
    if (parent == null) {
      store.addStruct(tr, new GcStruct(r.client, clock, content.length()));
      return;
    }
    Item right = (Item) res.right;
    long rc = right != null ? right.client : r.rightOriginClient;
    long rk = right != null ? right.clock : r.rightOriginClock;
    Item item =
        new Item(
            r.client, clock, (Item) left, oc, ok, right, rc, rk, parent, res.parentSub, content);
    item.integrate(tr);
  }

  /**
   * Applies deletions; returns the part that refers to structs not received yet (as a v1 update
   * without structs), or null.
   */
  static byte[] applyDeleteSet(
      Transaction tr, List<Map.Entry<Long, DeleteSet.Ranges>> entries, StructStore store) {
    DeleteSet unapplied = new DeleteSet();
    for (Map.Entry<Long, DeleteSet.Ranges> e : entries) {
      long client = e.getKey();
      DeleteSet.Ranges ranges = e.getValue();
      StructList structs = store.list(client);
      long state = store.getState(client);
      for (int i = 0; i < ranges.size; i++) {
        long clock = ranges.clock(i);
        long clockEnd = clock + ranges.len(i);
        if (clock < state) {
          if (state < clockEnd) {
            unapplied.add(client, state, clockEnd - state);
          }
          int index = structs.findIndex(clock);
          Struct s = structs.get(index);
          if (!s.isDeleted() && s.clock < clock) {
            structs.insert(index + 1, ((Item) s).split(tr, (int) (clock - s.clock)));
            index++;
          }
          while (index < structs.size()) {
            s = structs.get(index++);
            if (s.clock < clockEnd) {
              if (!s.isDeleted()) {
                Item it = (Item) s;
                if (clockEnd < s.clock + s.length) {
                  structs.insert(index, it.split(tr, (int) (clockEnd - s.clock)));
                }
                it.delete(tr);
              }
            } else {
              break;
            }
          }
        } else {
          unapplied.add(client, clock, clockEnd - clock);
        }
      }
    }
    if (unapplied.isEmpty()) {
      return null;
    }
    Lib0Writer w = new Lib0Writer();
    w.writeVarUint(0);
    unapplied.write(w);
    return w.toByteArray();
  }
}
