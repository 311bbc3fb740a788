package dev.atelier.collab.hub;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection joined to one room, as returned by {@link DocumentHub#join}. The transport passes
 * it back with every received frame and on disconnect.
 */
public final class Peer {
  private static final AtomicLong IDS = new AtomicLong();

  private final long id = IDS.incrementAndGet();
  private final RoomId roomId;
  private final PeerConnection connection;
  private volatile AccessMode accessMode;
  private volatile boolean left;
  // Awareness client ids this peer announced; guarded by the room's lock.
  final Set<Long> awarenessClients = new LinkedHashSet<>();

  Peer(RoomId roomId, PeerConnection connection, AccessMode accessMode) {
    this.roomId = roomId;
    this.connection = connection;
    this.accessMode = accessMode;
  }

  /** A process-unique number, for logs. */
  public long id() {
    return id;
  }

  public RoomId roomId() {
    return roomId;
  }

  /** The transport's connection (servers keep the user and share link there for closePeers). */
  public PeerConnection connection() {
    return connection;
  }

  public AccessMode accessMode() {
    return accessMode;
  }

  void accessMode(AccessMode mode) {
    this.accessMode = mode;
  }

  /** Whether the peer left or was closed; frames it still sends are ignored. */
  public boolean hasLeft() {
    return left;
  }

  void markLeft() {
    left = true;
  }

  @Override
  public String toString() {
    return "Peer[" + id + " " + roomId + " " + accessMode + "]";
  }
}
