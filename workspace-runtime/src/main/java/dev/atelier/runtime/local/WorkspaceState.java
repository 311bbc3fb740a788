package dev.atelier.runtime.local;

import dev.atelier.runtime.spi.Phase;
import dev.atelier.runtime.spi.StartResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the runtime knows about one workspace in this JVM. Lifecycle operations on it run one after
 * the other ({@link #tail}); a stop request also interrupts a start in progress ({@link
 * #stopRequests} changes under it).
 */
final class WorkspaceState {

  final String id;
  final WorkspaceLayout layout;
  final AtomicLong stopRequests = new AtomicLong();
  volatile Phase phase = Phase.STOPPED;
  volatile WorkspaceSession session;
  volatile StartResult started;

  /** The last queued operation; guarded by {@code this}. */
  CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  WorkspaceState(String id, WorkspaceLayout layout) {
    this.id = id;
    this.layout = layout;
  }
}
