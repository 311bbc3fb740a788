package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Update-level functions that need no document: merging updates, diffing an update against a state
 * vector and reading an update's state vector. They follow Yjs's algorithms so the results are
 * byte-identical.
 */
final class UpdateMerger {

  private UpdateMerger() {}

  /** Sequential reader over all structs of a decoded update. */
  private static final class Reader {
    private final List<Ref> refs = new ArrayList<>();
    private final boolean filterSkips;
    private int pos;
    Ref curr;
    long seq;

    Reader(DecodedUpdate u, boolean filterSkips) {
      this.filterSkips = filterSkips;
      for (DecodedUpdate.ClientBlock b : u.blocks()) {
        for (Ref r : b.refs()) {
          refs.add(r);
        }
      }
      next();
    }

    Ref next() {
      do {
        curr = pos < refs.size() ? refs.get(pos++) : null;
      } while (filterSkips && curr != null && curr.kind == Ref.SKIP);
      return curr;
    }
  }

  /** Writes structs client block by client block, as they come. */
  private static final class LazyWriter {
    private long currClient;
    private int written;
    private Lib0Writer rest = new Lib0Writer();
    private final List<Object[]> clientStructs = new ArrayList<>();

    void write(Ref s, int offset) {
      if (written > 0 && currClient != s.client) {
        flush();
      }
      if (written == 0) {
        currClient = s.client;
        rest.writeVarUint(s.client);
        rest.writeVarUint(s.clock + offset);
      }
      s.write(rest, offset);
      written++;
    }

    private void flush() {
      if (written > 0) {
        clientStructs.add(new Object[] {written, rest.toByteArray()});
        rest = new Lib0Writer();
        written = 0;
      }
    }

    void finish(Lib0Writer out) {
      flush();
      out.writeVarUint(clientStructs.size());
      for (Object[] part : clientStructs) {
        out.writeVarUint((Integer) part[0]);
        out.writeBytes((byte[]) part[1]);
      }
    }
  }

  static byte[] merge(List<byte[]> updates) {
    List<DecodedUpdate> decoded = new ArrayList<>(updates.size());
    for (byte[] u : updates) {
      decoded.add(UpdateDecoder.decode(u));
    }
    if (updates.size() == 1) {
      return updates.get(0).clone();
    }
    // Yjs re-sorts all readers (stably) after every step; only the reader just used changes its
    // position, and among equal keys it comes first. A heap with that tie-break gives the same
    // order in O(log n) per step.
    java.util.PriorityQueue<Reader> readers =
        new java.util.PriorityQueue<>(
            Math.max(1, decoded.size()),
            (d1, d2) -> {
              int c = compareCurr(d1.curr, d2.curr);
              return c != 0 ? c : Long.compare(d1.seq, d2.seq);
            });
    long seq = 0;
    for (DecodedUpdate d : decoded) {
      Reader r = new Reader(d, true);
      r.seq = seq++;
      if (r.curr != null) {
        readers.add(r);
      }
    }
    long reinsertSeq = 0;
    Reader pendingReader = null;
    Lib0Writer out = new Lib0Writer();
    LazyWriter lazy = new LazyWriter();
    Ref currWrite = null;
    int currOffset = 0;
    while (true) {
      if (pendingReader != null) {
        if (pendingReader.curr != null) {
          pendingReader.seq = --reinsertSeq;
          readers.add(pendingReader);
        }
        pendingReader = null;
      }
      if (readers.isEmpty()) {
        break;
      }
      Reader currDecoder = readers.poll();
      pendingReader = currDecoder;
      long firstClient = currDecoder.curr.client;
      if (currWrite != null) {
        Ref curr = currDecoder.curr;
        boolean iterated = false;
        while (curr != null
            && curr.endClock() <= currWrite.endClock()
            && curr.client >= currWrite.client) {
          curr = currDecoder.next();
          iterated = true;
        }
        if (curr == null
            || curr.client != firstClient
            || (iterated && curr.clock > currWrite.endClock())) {
          continue;
        }
        if (firstClient != currWrite.client) {
          lazy.write(currWrite, currOffset);
          currWrite = curr;
          currOffset = 0;
          currDecoder.next();
        } else if (currWrite.endClock() < curr.clock) {
          if (currWrite.kind == Ref.SKIP) {
            currWrite.length = (int) (curr.endClock() - currWrite.clock);
          } else {
            lazy.write(currWrite, currOffset);
            long diff = curr.clock - currWrite.endClock();
            currWrite = new Ref(Ref.SKIP, firstClient, currWrite.endClock(), (int) diff);
            currOffset = 0;
          }
        } else {
          long diff = currWrite.endClock() - curr.clock;
          if (diff > 0) {
            if (currWrite.kind == Ref.SKIP) {
              currWrite.length -= (int) diff;
            } else {
              curr = curr.slice((int) diff);
            }
          }
          if (!currWrite.mergeWith(curr)) {
            lazy.write(currWrite, currOffset);
            currWrite = curr;
            currOffset = 0;
            currDecoder.next();
          }
        }
      } else {
        currWrite = currDecoder.curr;
        currOffset = 0;
        currDecoder.next();
      }
      for (Ref next = currDecoder.curr;
          next != null
              && next.client == firstClient
              && next.clock == currWrite.endClock()
              && next.kind != Ref.SKIP;
          next = currDecoder.next()) {
        lazy.write(currWrite, currOffset);
        currWrite = next;
        currOffset = 0;
      }
    }
    if (currWrite != null) {
      lazy.write(currWrite, currOffset);
    }
    lazy.finish(out);
    List<DeleteSet> dss = new ArrayList<>();
    for (DecodedUpdate d : decoded) {
      dss.add(DeleteSet.fromEntries(d.deletes()));
    }
    DeleteSet.merge(dss).write(out);
    return out.toByteArray();
  }

  /** Yjs's order: higher client first, then lower clock, then non-skip before skip. */
  private static int compareCurr(Ref a, Ref b) {
    if (a.client == b.client) {
      long clockDiff = a.clock - b.clock;
      if (clockDiff == 0) {
        return a.kind == b.kind ? 0 : a.kind == Ref.SKIP ? 1 : -1;
      }
      return Long.signum(clockDiff);
    }
    return Long.compare(b.client, a.client);
  }

  static byte[] diff(byte[] update, byte[] sv) {
    Map<Long, Long> state = UpdateDecoder.decodeStateVector(sv);
    DecodedUpdate decoded = UpdateDecoder.decode(update);
    Lib0Writer out = new Lib0Writer();
    LazyWriter lazy = new LazyWriter();
    Reader reader = new Reader(decoded, false);
    while (reader.curr != null) {
      Ref curr = reader.curr;
      long currClient = curr.client;
      long svClock = state.getOrDefault(currClient, 0L);
      if (curr.kind == Ref.SKIP) {
        reader.next();
        continue;
      }
      if (curr.endClock() > svClock) {
        lazy.write(curr, (int) Math.max(svClock - curr.clock, 0));
        reader.next();
        while (reader.curr != null && reader.curr.client == currClient) {
          lazy.write(reader.curr, 0);
          reader.next();
        }
      } else {
        while (reader.curr != null
            && reader.curr.client == currClient
            && reader.curr.endClock() <= svClock) {
          reader.next();
        }
      }
    }
    lazy.finish(out);
    DeleteSet.fromEntries(decoded.deletes()).write(out);
    return out.toByteArray();
  }

  static byte[] stateVectorFromUpdate(byte[] update) {
    DecodedUpdate decoded = UpdateDecoder.decode(update);
    Reader reader = new Reader(decoded, false);
    Lib0Writer entries = new Lib0Writer();
    int size = 0;
    Ref curr = reader.curr;
    if (curr != null) {
      long currClient = curr.client;
      boolean stopCounting = curr.clock != 0;
      long currClock = stopCounting ? 0 : curr.endClock();
      for (; curr != null; curr = reader.next()) {
        if (currClient != curr.client) {
          if (currClock != 0) {
            size++;
            entries.writeVarUint(currClient);
            entries.writeVarUint(currClock);
          }
          currClient = curr.client;
          currClock = 0;
          stopCounting = curr.clock != 0;
        }
        if (curr.kind == Ref.SKIP) {
          stopCounting = true;
        }
        if (!stopCounting) {
          currClock = curr.endClock();
        }
      }
      if (currClock != 0) {
        size++;
        entries.writeVarUint(currClient);
        entries.writeVarUint(currClock);
      }
    }
    Lib0Writer out = new Lib0Writer();
    out.writeVarUint(size);
    out.writeBytes(entries.toByteArray());
    return out.toByteArray();
  }
}
