package dev.atelier.collab.crdt;

import dev.atelier.collab.CollabException;
import dev.atelier.collab.CollabException.ErrorCode;
import dev.atelier.collab.encoding.Lib0Reader;
import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deleted clock ranges per client. Deletions carry no clock of their own. */
final class DeleteSet {
  /** Ranges per client; an immutable empty map until the first range is added. */
  Map<Long, Ranges> clients = Map.of();

  /** Growable list of (clock, len) pairs. */
  static final class Ranges {
    long[] data = new long[8];
    int size;

    void add(long clock, long len) {
      if (size * 2 == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size * 2] = clock;
      data[size * 2 + 1] = len;
      size++;
    }

    long clock(int i) {
      return data[i * 2];
    }

    long len(int i) {
      return data[i * 2 + 1];
    }

    Ranges copy() {
      Ranges r = new Ranges();
      r.data = Arrays.copyOf(data, Math.max(8, size * 2));
      r.size = size;
      return r;
    }

    void sortAndMerge() {
      boolean sorted = true;
      for (int i = 1; i < size && sorted; i++) {
        sorted = clock(i - 1) <= clock(i);
      }
      if (!sorted) {
        long[][] pairs = new long[size][];
        for (int i = 0; i < size; i++) {
          pairs[i] = new long[] {clock(i), len(i)};
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        for (int i = 0; i < size; i++) {
          data[i * 2] = pairs[i][0];
          data[i * 2 + 1] = pairs[i][1];
        }
      }
      int j = 1;
      for (int i = 1; i < size; i++) {
        long lc = data[(j - 1) * 2];
        long ll = data[(j - 1) * 2 + 1];
        long rc = data[i * 2];
        long rl = data[i * 2 + 1];
        if (lc + ll >= rc) {
          data[(j - 1) * 2 + 1] = Math.max(ll, rc + rl - lc);
        } else {
          data[j * 2] = rc;
          data[j * 2 + 1] = rl;
          j++;
        }
      }
      if (size > 0) {
        size = j;
      }
    }

    /** Index of the range containing {@code clock} (ranges sorted and merged), or -1. */
    int find(long clock) {
      int lo = 0;
      int hi = size - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        long c = clock(mid);
        if (c <= clock) {
          if (clock < c + len(mid)) {
            return mid;
          }
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return -1;
    }
  }

  boolean isEmpty() {
    return clients.isEmpty();
  }

  void add(long client, long clock, long len) {
    ranges(client).add(clock, len);
  }

  /** The ranges of {@code client}, created if absent. */
  Ranges ranges(long client) {
    if (client == lastClient && lastRanges != null) {
      return lastRanges;
    }
    if (clients.isEmpty() && !(clients instanceof LinkedHashMap)) {
      clients = new LinkedHashMap<>(4);
    }
    lastRanges = clients.computeIfAbsent(client, c -> new Ranges());
    lastClient = client;
    return lastRanges;
  }

  private long lastClient = -1;
  private Ranges lastRanges;

  void sortAndMerge() {
    for (Ranges r : clients.values()) {
      r.sortAndMerge();
    }
  }

  boolean isDeleted(long client, long clock) {
    Ranges r = clients.get(client);
    return r != null && r.find(clock) >= 0;
  }

  /** Union of several delete sets, sorted and merged. */
  static DeleteSet merge(List<DeleteSet> sets) {
    DeleteSet merged = new DeleteSet();
    for (DeleteSet ds : sets) {
      ds.clients.forEach(
          (client, ranges) -> {
            Ranges target = merged.ranges(client);
            for (int i = 0; i < ranges.size; i++) {
              target.add(ranges.clock(i), ranges.len(i));
            }
          });
    }
    merged.sortAndMerge();
    return merged;
  }

  /** Every deleted struct in the store, consecutive deleted structs joined. */
  static DeleteSet fromStore(StructStore store) {
    DeleteSet ds = new DeleteSet();
    store.clients.forEach(
        (client, structs) -> {
          Ranges items = null;
          int n = structs.size();
          for (int i = 0; i < n; i++) {
            Struct s = structs.get(i);
            if (s.isDeleted()) {
              long clock = s.clock;
              long len = s.length;
              while (i + 1 < n && structs.get(i + 1).isDeleted()) {
                len += structs.get(++i).length;
              }
              if (items == null) {
                items = new Ranges();
              }
              items.add(clock, len);
            }
          }
          if (items != null) {
            Ranges target = ds.ranges(client);
            target.data = items.data;
            target.size = items.size;
          }
        });
    return ds;
  }

  /** Writes clients in descending id order; ranges as stored. */
  void write(Lib0Writer w) {
    List<Long> ids = new ArrayList<>(clients.keySet());
    ids.sort((a, b) -> Long.compare(b, a));
    w.writeVarUint(ids.size());
    for (long client : ids) {
      Ranges r = clients.get(client);
      w.writeVarUint(client);
      w.writeVarUint(r.size);
      for (int i = 0; i < r.size; i++) {
        w.writeVarUint(r.clock(i));
        w.writeVarUint(r.len(i));
      }
    }
  }

  /**
   * Reads a delete set, keeping the wire order of clients (a client listed twice appears twice, as
   * Yjs applies it). Counts are checked against the remaining input before allocating.
   */
  static List<Map.Entry<Long, Ranges>> readEntries(Lib0Reader r) {
    long numClients = r.readVarUint();
    if (numClients > r.remaining()) {
      throw new CollabException(ErrorCode.TRUNCATED, "delete set lists more clients than bytes");
    }
    List<Map.Entry<Long, Ranges>> out = new ArrayList<>((int) numClients);
    for (long i = 0; i < numClients; i++) {
      long client = r.readVarUint();
      long n = r.readVarUint();
      if (n * 2 > r.remaining()) {
        throw new CollabException(ErrorCode.TRUNCATED, "delete set lists more ranges than bytes");
      }
      Ranges ranges = new Ranges();
      for (long k = 0; k < n; k++) {
        long clock = r.readVarUint();
        long len = r.readVarUint();
        if (clock + len > Lib0Writer.MAX_SAFE_INTEGER) {
          throw new CollabException(ErrorCode.LIMIT_EXCEEDED, "deleted range exceeds 2^53");
        }
        ranges.add(clock, len);
      }
      out.add(Map.entry(client, ranges));
    }
    return out;
  }

  /** Yjs's readDeleteSet: clients without ranges are dropped, repeated clients appended. */
  static DeleteSet fromEntries(List<Map.Entry<Long, Ranges>> entries) {
    DeleteSet ds = new DeleteSet();
    for (Map.Entry<Long, Ranges> e : entries) {
      Ranges r = e.getValue();
      if (r.size > 0) {
        Ranges target = ds.ranges(e.getKey());
        for (int i = 0; i < r.size; i++) {
          target.add(r.clock(i), r.len(i));
        }
      }
    }
    return ds;
  }
}
