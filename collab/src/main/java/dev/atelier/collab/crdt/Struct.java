package dev.atelier.collab.crdt;

import dev.atelier.collab.encoding.Lib0Writer;

/** A run of consecutive clocks of one client in the struct store: an {@link Item} or a GC. */
abstract class Struct {
  final long client;
  long clock;
  int length;

  Struct(long client, long clock, int length) {
    this.client = client;
    this.clock = clock;
    this.length = length;
  }

  abstract boolean isDeleted();

  /** Writes this struct in update format, skipping its first {@code offset} clocks. */
  abstract void write(Lib0Writer w, int offset);

  final long endClock() {
    return clock + length;
  }
}
