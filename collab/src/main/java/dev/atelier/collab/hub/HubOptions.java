package dev.atelier.collab.hub;

import dev.atelier.collab.protocol.ProtocolLimits;
import java.time.Duration;

/**
 * Tuning of a {@link DocumentHub}.
 *
 * @param limits frame and awareness limits applied to every received frame
 * @param maxDocumentBytes an update is refused when the room's stored size (snapshot + log bytes)
 *     plus the update's new content would exceed this
 * @param compactAfterEntries compact the room's log in the background once it holds more entries
 * @param compactAfterBytes ... or more bytes
 * @param idleRoomTimeout how long a room without peers stays open (then it is compacted and closed)
 * @param awarenessCheckInterval how often stale awareness states (30 s without renewal) are dropped
 * @param commitThreads threads that sync rooms' logs and then relay their updates (group commit):
 *     {@code 0} syncs on the calling thread — the first thread to find no sync running for the room
 *     leads one, covering every update that arrives meanwhile. A server whose calling threads are
 *     event loops (they must not wait for a disk) uses a few threads here; several syncs of
 *     different rooms in flight at once are merged by the file system's journal.
 */
public record HubOptions(
    ProtocolLimits limits,
    long maxDocumentBytes,
    int compactAfterEntries,
    long compactAfterBytes,
    Duration idleRoomTimeout,
    Duration awarenessCheckInterval,
    int commitThreads) {

  /**
   * 32 MiB frames, 64 MiB documents, compaction after 1,000 entries or 4 MiB of log, rooms closed
   * 30 s after their last peer left, awareness checked every 5 s, logs synced on the calling
   * thread.
   */
  public static final HubOptions DEFAULTS =
      new HubOptions(
          ProtocolLimits.DEFAULTS,
          64L << 20,
          1_000,
          4L << 20,
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          0);

  public HubOptions {
    if (limits == null || idleRoomTimeout == null || awarenessCheckInterval == null) {
      throw new IllegalArgumentException(
          "limits, idleRoomTimeout and awarenessCheckInterval are" + " required");
    }
    if (maxDocumentBytes < 1 || compactAfterEntries < 1 || compactAfterBytes < 1) {
      throw new IllegalArgumentException(
          "maxDocumentBytes, compactAfterEntries and compactAfterBytes must be positive");
    }
    if (idleRoomTimeout.isNegative()
        || awarenessCheckInterval.isNegative()
        || awarenessCheckInterval.isZero()) {
      throw new IllegalArgumentException(
          "idleRoomTimeout must be >= 0 and awarenessCheckInterval > 0");
    }
    if (commitThreads < 0 || commitThreads > 256) {
      throw new IllegalArgumentException("commitThreads must be between 0 and 256");
    }
  }

  public HubOptions withMaxDocumentBytes(long bytes) {
    return new HubOptions(
        limits,
        bytes,
        compactAfterEntries,
        compactAfterBytes,
        idleRoomTimeout,
        awarenessCheckInterval,
        commitThreads);
  }

  public HubOptions withCompaction(int entries, long bytes) {
    return new HubOptions(
        limits,
        maxDocumentBytes,
        entries,
        bytes,
        idleRoomTimeout,
        awarenessCheckInterval,
        commitThreads);
  }

  public HubOptions withIdleRoomTimeout(Duration timeout) {
    return new HubOptions(
        limits,
        maxDocumentBytes,
        compactAfterEntries,
        compactAfterBytes,
        timeout,
        awarenessCheckInterval,
        commitThreads);
  }

  public HubOptions withLimits(ProtocolLimits newLimits) {
    return new HubOptions(
        newLimits,
        maxDocumentBytes,
        compactAfterEntries,
        compactAfterBytes,
        idleRoomTimeout,
        awarenessCheckInterval,
        commitThreads);
  }

  public HubOptions withCommitThreads(int threads) {
    return new HubOptions(
        limits,
        maxDocumentBytes,
        compactAfterEntries,
        compactAfterBytes,
        idleRoomTimeout,
        awarenessCheckInterval,
        threads);
  }
}
