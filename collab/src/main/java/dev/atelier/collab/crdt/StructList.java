package dev.atelier.collab.crdt;

import java.util.Arrays;

/**
 * The structs of one client ordered by clock, addressed by index like an array but stored in
 * chunks, so that splitting an item in the middle of a long history (which inserts a struct in the
 * middle) costs a small copy instead of moving the whole array.
 */
final class StructList {
  private static final int CHUNK = 128;

  private Struct[][] chunks = new Struct[4][];
  private int[] sizes = new int[4];

  /** Index of each chunk's first struct. */
  private int[] bases = new int[4];

  private int nChunks;
  private int size;

  /** Chunk found by the last lookup; accesses are local, so this usually hits. */
  private int cached;

  /** Index returned by the last clock lookup (a hint; verified before use). */
  private int lastFound;

  int size() {
    return size;
  }

  Struct last() {
    if (size == 0) {
      return null;
    }
    return chunks[nChunks - 1][sizes[nChunks - 1] - 1];
  }

  Struct first() {
    return size == 0 ? null : chunks[0][0];
  }

  private int chunkOf(int index) {
    int c = cached;
    if (c < nChunks && index >= bases[c] && index < bases[c] + sizes[c]) {
      return c;
    }
    int lo = 0;
    int hi = nChunks - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (bases[mid] <= index) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    cached = lo;
    return lo;
  }

  Struct get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index + " of " + size);
    }
    int c = chunkOf(index);
    return chunks[c][index - bases[c]];
  }

  void set(int index, Struct s) {
    int c = chunkOf(index);
    chunks[c][index - bases[c]] = s;
  }

  void add(Struct s) {
    if (nChunks == 0 || sizes[nChunks - 1] == CHUNK) {
      insertChunk(nChunks, new Struct[CHUNK], 0);
    }
    int c = nChunks - 1;
    chunks[c][sizes[c]++] = s;
    size++;
  }

  /** Inserts {@code s} so that it gets index {@code index}. */
  void insert(int index, Struct s) {
    if (index == size) {
      add(s);
      return;
    }
    int c = chunkOf(index);
    if (sizes[c] == CHUNK) {
      splitChunk(c);
      c = chunkOf(index);
    }
    int off = index - bases[c];
    Struct[] a = chunks[c];
    System.arraycopy(a, off, a, off + 1, sizes[c] - off);
    a[off] = s;
    sizes[c]++;
    for (int k = c + 1; k < nChunks; k++) {
      bases[k]++;
    }
    size++;
  }

  /** Removes {@code count} structs starting at {@code from}. */
  void removeRange(int from, int count) {
    while (count > 0) {
      int c = chunkOf(from);
      int off = from - bases[c];
      int n = Math.min(count, sizes[c] - off);
      Struct[] a = chunks[c];
      System.arraycopy(a, off + n, a, off, sizes[c] - off - n);
      Arrays.fill(a, sizes[c] - n, sizes[c], null);
      sizes[c] -= n;
      for (int k = c + 1; k < nChunks; k++) {
        bases[k] -= n;
      }
      size -= n;
      count -= n;
      if (sizes[c] == 0) {
        removeChunk(c);
      }
    }
  }

  private void splitChunk(int c) {
    Struct[] a = chunks[c];
    int half = sizes[c] / 2;
    Struct[] b = new Struct[CHUNK];
    System.arraycopy(a, half, b, 0, sizes[c] - half);
    Arrays.fill(a, half, sizes[c], null);
    int moved = sizes[c] - half;
    sizes[c] = half;
    insertChunk(c + 1, b, moved);
  }

  private void insertChunk(int at, Struct[] chunk, int n) {
    if (nChunks == chunks.length) {
      int cap = nChunks * 2;
      chunks = Arrays.copyOf(chunks, cap);
      sizes = Arrays.copyOf(sizes, cap);
      bases = Arrays.copyOf(bases, cap);
    }
    System.arraycopy(chunks, at, chunks, at + 1, nChunks - at);
    System.arraycopy(sizes, at, sizes, at + 1, nChunks - at);
    System.arraycopy(bases, at, bases, at + 1, nChunks - at);
    chunks[at] = chunk;
    sizes[at] = n;
    bases[at] = at == 0 ? 0 : bases[at - 1] + sizes[at - 1];
    nChunks++;
  }

  private void removeChunk(int c) {
    System.arraycopy(chunks, c + 1, chunks, c, nChunks - c - 1);
    System.arraycopy(sizes, c + 1, sizes, c, nChunks - c - 1);
    System.arraycopy(bases, c + 1, bases, c, nChunks - c - 1);
    nChunks--;
    chunks[nChunks] = null;
    cached = 0;
  }

  /**
   * Index of the struct containing {@code clock}.
   *
   * @throws IllegalStateException when no struct contains it (callers check the state first)
   */
  int findIndex(long clock) {
    // lookups are mostly local (the last struct found or its successor): try those first
    int hint = lastFound;
    if (hint < size) {
      Struct s = get(hint);
      if (s.clock <= clock) {
        if (clock < s.clock + s.length) {
          return hint;
        }
        if (hint + 1 < size) {
          s = get(hint + 1);
          if (s.clock <= clock && clock < s.clock + s.length) {
            lastFound = hint + 1;
            return hint + 1;
          }
        }
      }
    }
    int lo = 0;
    int hi = nChunks - 1;
    int c = cached;
    if (c < nChunks && chunks[c][0].clock <= clock && chunks[c][sizes[c] - 1].endClock() > clock) {
      lo = c;
    } else {
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (chunks[mid][0].clock <= clock) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
    }
    Struct[] a = chunks[lo];
    int l = 0;
    int r = sizes[lo] - 1;
    while (l <= r) {
      int m = (l + r) >>> 1;
      Struct s = a[m];
      if (s.clock <= clock) {
        if (clock < s.clock + s.length) {
          cached = lo;
          lastFound = bases[lo] + m;
          return lastFound;
        }
        l = m + 1;
      } else {
        r = m - 1;
      }
    }
    throw new IllegalStateException("no struct contains clock " + clock);
  }
}
