package dev.atelier.runtime.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle phase of a workspace: {@code PENDING → CREATING → INITIALIZING → RUNNING → STOPPING →
 * STOPPED}, plus {@code FAILED} from any phase. A stopped or failed workspace can be started again.
 */
public enum Phase {
  PENDING,
  CREATING,
  INITIALIZING,
  RUNNING,
  STOPPING,
  STOPPED,
  FAILED;

  /** Whether the lifecycle allows going from this phase to {@code next}. */
  public boolean canTransitionTo(Phase next) {
    return allowedNext().contains(next);
  }

  private Set<Phase> allowedNext() {
    return switch (this) {
      case PENDING -> EnumSet.of(CREATING, STOPPING, FAILED);
      case CREATING -> EnumSet.of(INITIALIZING, RUNNING, STOPPING, FAILED);
      case INITIALIZING -> EnumSet.of(RUNNING, STOPPING, FAILED);
      case RUNNING -> EnumSet.of(STOPPING, FAILED);
      case STOPPING -> EnumSet.of(STOPPED, FAILED);
      case STOPPED, FAILED -> EnumSet.of(PENDING, STOPPING);
    };
  }

  /** Whether the workspace has (or is getting) compute resources in this phase. */
  public boolean isActive() {
    return this == PENDING || this == CREATING || this == INITIALIZING || this == RUNNING;
  }
}
