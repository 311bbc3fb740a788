package dev.atelier.collab.hub;

import java.util.Optional;

/**
 * Persistence SPI of the hub. The hub calls it for one room from one thread at a time, except that
 * {@link #compact} may run on a background thread concurrently with {@link #append}:
 * implementations must serialise the two for the same room. Failures are reported as {@link
 * java.io.UncheckedIOException}.
 */
public interface DocumentStore extends AutoCloseable {

  /** The stored state of {@code room}, or empty when nothing was ever stored for it. */
  Optional<StoredDocument> load(RoomId room);

  /** Appends one update to the room's log; it must be durable (on disk) when this returns. */
  void append(RoomId room, byte[] update);

  /**
   * Replaces the snapshot with {@code snapshot}, which contains the old snapshot and the first
   * {@code replacedLogEntries} log entries, and drops those entries from the log. Entries appended
   * meanwhile are kept.
   */
  void compact(RoomId room, byte[] snapshot, int replacedLogEntries);

  /** Deletes everything stored for {@code room} (nothing happens when there is nothing). */
  void delete(RoomId room);

  /** Moves the stored state of {@code from} to {@code to}, replacing what {@code to} had. */
  void move(RoomId from, RoomId to);

  /** The hub closed the room: resources held for it (open files) may be released. */
  default void release(RoomId room) {}

  /** Releases every resource. */
  @Override
  default void close() {}
}
