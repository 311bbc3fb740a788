package dev.atelier.runtime.agent;

import dev.atelier.runtime.spi.WorkspaceRuntimeException;
import dev.atelier.runtime.spi.WorkspaceRuntimeException.ErrorCode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How often one workspace's agent may be started: at most {@value #MAX_PER_MINUTE} times within a
 * minute. More means something in the workspace keeps killing it; requests then fail until the
 * oldest of those starts is a minute old, instead of spawning agents without end. Not thread-safe:
 * callers hold their own lock.
 */
public final class AgentStarts {

  static final int MAX_PER_MINUTE = 5;

  private final String workspaceId;
  private final Deque<Long> starts = new ArrayDeque<>();

  public AgentStarts(String workspaceId) {
    this.workspaceId = workspaceId;
  }

  /**
   * Counts a start.
   *
   * @throws WorkspaceRuntimeException {@code AGENT_UNAVAILABLE} when the budget is used up
   */
  public void count() {
    long now = System.nanoTime();
    while (!starts.isEmpty() && now - starts.peekFirst() > Duration.ofMinutes(1).toNanos()) {
      starts.removeFirst();
    }
    if (starts.size() >= MAX_PER_MINUTE) {
      throw new WorkspaceRuntimeException(
          ErrorCode.AGENT_UNAVAILABLE,
          "the agent of workspace "
              + workspaceId
              + " stopped "
              + MAX_PER_MINUTE
              + " times within a minute (is something in the workspace killing it?);"
              + " restart the workspace");
    }
    starts.addLast(now);
  }
}
