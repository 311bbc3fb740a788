package dev.atelier.server.workspace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What keeps a workspace from idling out: connected clients (the workspace view, terminals,
 * collaborators' editors), running tasks, and recent activity. Features report here; the idle
 * reaper stops a running workspace when it has no client and no task and nothing was touched for
 * {@code atelier.workspace.idle-timeout}. Every method is cheap and thread-safe, and unbalanced
 * calls (a disconnect without a connect) never drive a count below zero.
 */
@Component
public class WorkspaceActivity {

  /** How often {@link #touch} may write {@code last_used_at}; the in-memory time is exact. */
  static final Duration PERSIST_RESOLUTION = Duration.ofMinutes(1);

  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final WorkspaceRepository repository;
  private final Clock clock;

  @Autowired
  WorkspaceActivity(WorkspaceRepository repository) {
    this(repository, Clock.systemUTC());
  }

  WorkspaceActivity(WorkspaceRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Records user activity in the workspace (a keystroke, a file save, a command). */
  public void touch(String workspaceId) {
    Instant now = clock.instant();
    State state = state(workspaceId);
    Instant persisted;
    synchronized (state) {
      state.lastActivity = now;
      persisted = state.lastPersisted;
      if (persisted != null && persisted.plus(PERSIST_RESOLUTION).isAfter(now)) {
        return;
      }
      state.lastPersisted = now;
    }
    repository.touch(workspaceId, now);
  }

  /** A client (browser view, terminal, editor socket) connected to the workspace. */
  public void clientConnected(String workspaceId) {
    State state = state(workspaceId);
    synchronized (state) {
      state.clients++;
    }
    touch(workspaceId);
  }

  /** A client disconnected; the idle timeout counts from now when it was the last one. */
  public void clientDisconnected(String workspaceId) {
    State state = state(workspaceId);
    synchronized (state) {
      state.clients = Math.max(0, state.clients - 1);
      state.lastActivity = clock.instant();
    }
  }

  /** A task (build, run, test) started in the workspace. */
  public void taskStarted(String workspaceId) {
    State state = state(workspaceId);
    synchronized (state) {
      state.tasks++;
      state.lastActivity = clock.instant();
    }
  }

  /** A task ended; the idle timeout counts from now when it was the last one. */
  public void taskFinished(String workspaceId) {
    State state = state(workspaceId);
    synchronized (state) {
      state.tasks = Math.max(0, state.tasks - 1);
      state.lastActivity = clock.instant();
    }
  }

  /** Connected clients right now. */
  public int clients(String workspaceId) {
    State state = states.get(workspaceId);
    if (state == null) {
      return 0;
    }
    synchronized (state) {
      return state.clients;
    }
  }

  /** Running tasks right now. */
  public int tasks(String workspaceId) {
    State state = states.get(workspaceId);
    if (state == null) {
      return 0;
    }
    synchronized (state) {
      return state.tasks;
    }
  }

  /**
   * Whether the workspace has had no client, no task and no activity for {@code timeout}. A
   * workspace never seen before starts its idle clock now.
   */
  boolean isIdle(String workspaceId, Duration timeout) {
    Instant now = clock.instant();
    State state = state(workspaceId);
    synchronized (state) {
      if (state.lastActivity == null) {
        state.lastActivity = now;
      }
      return state.clients == 0
          && state.tasks == 0
          && !state.lastActivity.plus(timeout).isAfter(now);
    }
  }

  /** The workspace (re)started: its idle clock starts now. */
  void started(String workspaceId) {
    State state = state(workspaceId);
    synchronized (state) {
      state.lastActivity = clock.instant();
    }
  }

  /** The workspace stopped: its processes, and so its tasks, are gone; clients may stay. */
  void stopped(String workspaceId) {
    State state = states.get(workspaceId);
    if (state != null) {
      synchronized (state) {
        state.tasks = 0;
      }
    }
  }

  /** The workspace was deleted. */
  void forget(String workspaceId) {
    states.remove(workspaceId);
  }

  private State state(String workspaceId) {
    return states.computeIfAbsent(workspaceId, id -> new State());
  }

  private static final class State {
    int clients;
    int tasks;
    Instant lastActivity;
    Instant lastPersisted;
  }
}
