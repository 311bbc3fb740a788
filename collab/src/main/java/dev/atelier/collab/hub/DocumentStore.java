package dev.atelier.collab.hub;

import java.util.Optional;

/**
 * Persistence SPI of the hub. The hub calls it for one room from one thread at a time, except that
 * {@link #compact} may run on a background thread concurrently with {@link #append}, and {@link
 * #force} on a commit thread concurrently with both: implementations must serialise them for the
 * same room. Failures are reported as {@link java.io.UncheckedIOException}.
 *
 * <p>Durability is split in two so that one disk sync can cover many updates (group commit): {@link
 * #append} writes, {@link #force} makes everything appended so far durable. The hub relays an
 * update only after a {@code force} that began after its {@code append} has returned.
 */
public interface DocumentStore extends AutoCloseable {

  /** The stored state of {@code room}, or empty when nothing was ever stored for it. */
  Optional<StoredDocument> load(RoomId room);

  /**
   * Appends one update to the room's log. It need not be durable yet (an operating-system buffer is
   * enough), but it must be readable by {@link #load} and {@link #compact} at once, and a failure
   * must leave the log as it was.
   */
  void append(RoomId room, byte[] update);

  /**
   * Makes every update appended to {@code room} before this call durable (on disk) when it returns.
   * A store whose {@link #append} is durable on return (or that keeps nothing across restarts) does
   * nothing here. Deliberately not a default method: a delegating store that forgot it would relay
   * updates that were never synced.
   */
  void force(RoomId room);

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
